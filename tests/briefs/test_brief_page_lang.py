"""A brief's page asked with ?lang=en (the link an English recipient's e-mail carries) answers in English whole: its
words around the brief, its download links and its refusals (a brief not there), as a download's ?lang= does; the
session's language stays, and the page's language switch still switches it (the page again without ?lang=)."""

from __future__ import annotations

import re

from incidents.briefs import services
from tests.conftest import csrf_from

from .conftest import day_of, local


def _switch(page: str) -> tuple[str, str]:
    """The header's language switch on a page: where it posts, and the page it comes back to."""
    form = re.search(r'<form method="post" action="([^"]+)" class="inline lang-switch">(.*?)</form>', page, re.S)
    assert form, "no language switch"
    back = re.search(r'name="next" value="([^"]*)"', form.group(2))
    assert back
    return form.group(1), back.group(1).replace("&amp;", "&")


def test_an_english_brief_link_answers_in_english_its_refusal_too(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")  # Chinese: the session's and the account's language
    missing = client.get("/briefs/999999?lang=en")
    text = missing.get_data(as_text=True)
    assert missing.status_code == 404 and "Nothing here." in text and '<html lang="en"' in text, text[-600:]
    assert "页面不存在" in client.get("/briefs/999999").get_data(as_text=True)
    assert "Nothing here." in client.get("/briefs/999999/print?lang=en").get_data(as_text=True)

    page = client.get(f"/briefs/{brief.id}?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in page and ">Daily briefs</a>" in page and "daily brief" in page
    assert f"/briefs/{brief.id}/export/pdf?lang=en" in page  # its PDF is the brief read, not the Chinese one

    # The switch to 中文 on that page shows it in Chinese (it came back to ?lang=en, English still).
    action, back = _switch(page)
    switched = client.post(action, data={"csrf_token": csrf_from(page), "next": back})
    assert switched.status_code == 302 and "lang=" not in switched.headers["Location"]
    chinese = client.get(switched.headers["Location"]).get_data(as_text=True)
    assert '<html lang="zh' in chinese and "文峰区防汛救灾工作日报" in chinese and ">工作日报</a>" in chinese
    assert f"/briefs/{brief.id}/export/pdf?lang=zh" in chinese


def test_a_brief_asked_in_english_links_its_other_revisions_in_english(client, auth, make_user, database, rainstorm):
    """Its revision links (修订 2、1) and “open the newest revision” led to the Chinese page: they keep ?lang=."""
    make_user("coord1", "coordinator")
    first = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    second = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-28 08:00"),
                                   new_revision=True).brief
    auth.login("coord1")  # Chinese: the session's and the account's language

    older = client.get(f"/briefs/{first.id}?lang=en").get_data(as_text=True)
    links = re.findall(r'href="(/briefs/\d+[^"]*)"', older)
    assert f"/briefs/{second.id}?lang=en" in links, links  # the revision link
    assert links.count(f"/briefs/{second.id}?lang=en") == 2, links  # and the coordinator's “replaces this one” note
    newer = client.get(f"/briefs/{second.id}?lang=en").get_data(as_text=True)
    assert f'href="/briefs/{first.id}?lang=en"' in newer
    assert '<html lang="en"' in client.get(f"/briefs/{first.id}?lang=en").get_data(as_text=True)

    # Asked with no ?lang=, the links are as they were: the session's language.
    assert f'href="/briefs/{second.id}"' in client.get(f"/briefs/{first.id}").get_data(as_text=True)


def test_the_print_page_asked_in_english_goes_back_to_the_english_brief(client, auth, make_user, database, rainstorm):
    """“Back to the brief” on /print?lang=en led to the brief in the session's Chinese: it keeps ?lang=."""
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    printed = client.get(f"/briefs/{brief.id}/print?lang=en").get_data(as_text=True)
    assert f'href="/briefs/{brief.id}?lang=en"' in printed, re.findall(r'href="(/briefs/[^"]*)"', printed)
    assert f'href="/briefs/{brief.id}"' in client.get(f"/briefs/{brief.id}/print").get_data(as_text=True)


def test_an_english_briefs_list_of_briefs_goes_both_ways_in_english(client, auth, make_user, database, rainstorm):
    """The English brief's “Daily briefs” crumb led to the list in Chinese, and the list's briefs with it."""
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")  # Chinese: the session's and the account's language
    page = client.get(f"/briefs/{brief.id}?lang=en").get_data(as_text=True)
    assert f'href="/events/{rainstorm.id}/briefs?lang=en"' in page
    listed = client.get(f"/events/{rainstorm.id}/briefs?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in listed and ">Daily briefs<" in listed, listed[:400]
    assert f'href="/briefs/{brief.id}?lang=en"' in listed
    assert f'href="/events/{rainstorm.id}/briefs/export.csv?lang=en"' in listed  # the list's file in English too
    # Without ?lang= the list is in the session's language, its links bare.
    chinese = client.get(f"/events/{rainstorm.id}/briefs").get_data(as_text=True)
    assert '<html lang="zh' in chinese and f'href="/briefs/{brief.id}"' in chinese
