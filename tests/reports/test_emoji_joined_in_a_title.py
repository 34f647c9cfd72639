"""A title a phone's emoji keyboard writes is kept: 👨‍🚒 (a firefighter) is 👨, a zero-width joiner and 🚒.

The one-line rule refused every zero-width joiner as an invisible character ("须为一行可见文字") — a worker typing
"👨‍🚒消防队到场" was told the title was invisible. Between two pictographs the joiner hides nothing; anywhere else
(北 + joiner + 大街, passing for 北大街) it is refused as before (limits.one_line_problem).
"""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, count_reports, new_token, reporter_api, token_client, where  # noqa: F401

BODY = {"kind": "activity", "observed_at": "2021-07-22 14:30", "source": "电话"}


@pytest.mark.parametrize("title", ["👨\u200d🚒消防队到场", "👷\u200d♂\ufe0f抢修队", "👨🏻\u200d🚒 到场"])
def test_a_title_with_joined_emoji_is_kept_as_typed(where, database, reporter_api: TokenClient, title):  # noqa: F811
    url, area = where
    made = reporter_api.post(url, json={**BODY, "area_id": area, "title": title})
    assert made.status_code == 201, made.json
    shown = reporter_api.get(f"/api/v1/reports/{made.json['id']}")
    assert shown.json["title"] == title


@pytest.mark.parametrize("title", ["北\u200d大街巡查", "巡查\u200d", "\u200d👨"])
def test_a_joiner_between_letters_or_alone_is_still_refused(where, database, reporter_api: TokenClient,  # noqa: F811
                                                             title):
    url, area = where
    before = count_reports(database)
    refused = reporter_api.post(url, json={**BODY, "area_id": area, "title": title})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"title"}, refused.json
    assert "须为一行可见文字" in refused.json["errors"]["title"]
    assert count_reports(database) == before
