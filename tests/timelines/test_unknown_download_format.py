"""The timeline's and the curve's downloads of a format they have not (timeline.docx, curve.pdf) are the 404 naming
the format and the ones there are, as every other download's: it was a bare 404 (页面不存在), which left a person and
a token's script guessing the formats."""

from __future__ import annotations

import pytest

NAMED_ZH = "格式：不是此下载的格式：可用的格式有 csv, xlsx, json"
NAMED_EN = "Format: is not a format of this download: it has csv, xlsx, json"


@pytest.mark.parametrize("name", ["timeline.docx", "curve.pdf", "timeline.CSV", "curve.xls"])
def test_an_unknown_format_is_the_404_naming_the_formats(client, auth, make_user, build, name):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    refused = client.get(f"/events/{build.event_id}/{name}")
    assert refused.status_code == 404 and NAMED_ZH in refused.get_data(as_text=True)
    english = client.get(f"/events/{build.event_id}/{name}?lang=en")
    assert english.status_code == 404 and NAMED_EN in english.get_data(as_text=True)
    assert client.get(f"/events/{build.event_id}/{name.split('.')[0]}.csv").status_code == 200


def test_a_scripts_unknown_format_is_the_same_404(token_script, build):
    script, headers = token_script
    refused = script.get(f"/events/{build.event_id}/curve.geojson?lang=en", headers=headers)
    assert refused.status_code == 404 and NAMED_EN in refused.get_data(as_text=True)
    assert "Set-Cookie" not in refused.headers
