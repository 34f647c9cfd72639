"""Every field of the event form has a label of its own: two fields both called 英文名称 leave one guessing."""

from __future__ import annotations

import re

import pytest

from tests.conftest import switch_language


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_two_event_fields_share_a_label(seeded, client, auth, make_user, language):
    make_user("co", "coordinator")
    auth.login("co")
    if language == "en":
        switch_language(client, "en")
    page = client.get("/events/new").get_data(as_text=True)
    labels = [re.sub(r"<[^>]+>|\s+|\*", "", text)
              for text in re.findall(r'<label for="\w+">(.*?)</label>', page, re.S)]
    assert len(labels) >= 10, labels
    assert len(labels) == len(set(labels)), [x for x in labels if labels.count(x) > 1]
    if language == "zh":
        assert "发布单位英文名称" in labels  # the issuing office's, next to 日报发布单位
