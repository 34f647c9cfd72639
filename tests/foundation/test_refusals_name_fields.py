"""Every refused form that marks fields names them at the top, each a link to its field, in the page's order:
the account's password and token forms, an administrator's account form, a recipient, an import's upload.

On a 360 px phone the marked fields lay screens below the alert (or there was no alert at all, only red under a
field out of sight); the events' and places' forms named them first (tests/events/test_refusal_names_fields.py).
"""

from __future__ import annotations

import html as htmllib
import re

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from tests.conftest import csrf_from, switch_language


def alert_links(html: str) -> list[tuple[str, str]]:
    """The (field id, text) of each link in the page's refusal."""
    alert = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', html, re.S)
    assert alert, "no alert"
    return re.findall(r'<a class="tap" href="#(\w+)">([^<]+)</a>', htmllib.unescape(alert.group(1)))


def label_of(html: str, field: str) -> str:
    """A field's label as the form shows it (a checkbox's after its box)."""
    found = (re.search(rf'<label for="{field}">([^<]+)', html)
             or re.search(rf'id="{field}"[^>]*> <label for="{field}">([^<]+)', html))
    assert found, field
    return htmllib.unescape(found.group(1)).strip()


def refused(client, url: str, data: dict[str, str], form_url: str | None = None) -> str:  # noqa: ANN001
    """The page a form sent with its CSRF token answers, checked as a refusal (4xx)."""
    page = client.get(form_url or url).get_data(as_text=True)
    answer = client.post(url, data={"csrf_token": csrf_from(page), **data})
    assert 400 <= answer.status_code < 500, answer.status_code
    return answer.get_data(as_text=True)


def check(html: str, expected: list[str]) -> None:
    """The alert links exactly `expected`, each with its field's own label."""
    links = alert_links(html)
    assert [field for field, _ in links] == expected, links
    assert all(text == label_of(html, field) for field, text in links), links


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_password_change_left_empty_names_its_three_fields(client, auth, make_user, lang):
    make_user("li", "reporter")
    auth.login("li")
    if lang == "en":
        switch_language(client, "en")
    html = refused(client, "/account", {"current_password": "", "new_password": "", "confirm": "x"})
    check(html, ["current_password", "new_password", "confirm"])
    assert ("待检查：" if lang == "zh" else "To check:") in html


def test_a_token_without_a_name_names_it(client, auth, make_user):
    make_user("li", "reporter")
    auth.login("li")
    page = client.get("/account").get_data(as_text=True)
    once = re.search(r'name="once"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="once"', page)
    html = refused(client, "/account/tokens", {"name": "", "once": (once.group(1) or once.group(2)) if once else ""},
                   form_url="/account")
    check(html, ["name"])


def test_a_new_account_without_a_name_or_password_names_both_in_order(client, auth, make_user):
    make_user("admin1", "admin")
    auth.login("admin1")
    html = refused(client, "/admin/users/new", {"username": "", "role": "reporter", "scope_area_id": "",
                                                "password": ""})
    links = alert_links(html)
    assert [field for field, _ in links][:1] == ["username"] and "password" in dict(links), links
    check(html, [field for field, _ in links])


def test_a_recipient_without_a_name_or_address_names_both(client, auth, make_user, seeded, database):
    make_user("coord", "coordinator")
    auth.login("coord")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    html = refused(client, f"/events/{event_id}/recipients",
                   {"name": "", "channel": "email", "address": "", "lang": "zh", "briefs": "y", "area_id": ""})
    links = alert_links(html)
    assert [field for field, _ in links][:2] == ["name", "address"], links
    check(html, [field for field, _ in links])


def test_an_upload_without_a_file_names_the_file(client, auth, make_user, seeded, database):
    make_user("coord", "coordinator")
    auth.login("coord")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    page = client.get(f"/events/{event_id}/import").get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="token"', page)
    html = refused(client, f"/events/{event_id}/import",
                   {"kind": "", "token": (token.group(1) or token.group(2)) if token else ""})
    check(html, ["file"])
