"""An English brief (?lang=en) keeps its language in its links to the pages one step from it: its event, its history,
who got it, the recipients (downloads.keep_asked_lang, one rule for every view that takes ?lang=)."""

from __future__ import annotations

import html
import re

from incidents.briefs import services

from .conftest import day_of, local


def test_an_english_briefs_event_history_and_distribution_links_stay_english(client, auth, make_user, database,
                                                                            rainstorm):
    # Found by a newcomer: the event crumb, 修改记录, “Who got this brief” and Recipients led to Chinese pages.
    make_user("coord1", "coordinator")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("coord1")  # Chinese: the session's and the account's language
    page = client.get(f"/briefs/{brief.id}?lang=en").get_data(as_text=True)
    links = [html.unescape(h) for h in re.findall(r'href="(/[^"#]*)"', page)]
    wanted = {f"/events/{rainstorm.id}?lang=en", f"/history/briefs/{brief.id}?lang=en",
              f"/briefs/{brief.id}/deliveries?lang=en", f"/events/{rainstorm.id}/recipients?lang=en"}
    assert wanted <= set(links), sorted(set(links))
    for url in sorted(wanted):
        answer = client.get(url)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200 and '<html lang="en"' in text, url
    # The recipients page's own form and its Deliveries link keep it too; the session is still Chinese.
    recipients = client.get(f"/events/{rainstorm.id}/recipients?lang=en").get_data(as_text=True)
    assert f'action="/events/{rainstorm.id}/recipients?lang=en#add"' in recipients
    assert f'href="/events/{rainstorm.id}/deliveries?lang=en"' in recipients
    assert '<html lang="zh' in client.get(f"/events/{rainstorm.id}").get_data(as_text=True)
    # A page asked without ?lang= links without it.
    assert "lang=en" not in client.get(f"/briefs/{brief.id}").get_data(as_text=True)
