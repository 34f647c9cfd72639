"""The language switch is a form (POST with CSRF) in the header; a GET of its address changes nothing."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Auth, csrf_from, switch_language

EVIL = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]


def _lang(client, url: str = "/login") -> str:
    return re.search(r'<html lang="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def test_a_get_of_the_switch_changes_nothing(client):
    client.get("/login")
    shown = client.get("/lang/en?next=/login")
    assert shown.status_code == 200  # a page with the button, for an old bookmark: nothing switched by a link
    assert 'method="post"' in shown.get_data(as_text=True)
    assert _lang(client) == "zh-CN"


def test_a_post_without_csrf_changes_nothing(client):
    client.get("/login")
    assert client.post("/lang/en", data={"next": "/login"}).status_code == 400
    assert client.post("/lang/en", data={"next": "/login", "csrf_token": "forged"}).status_code == 400
    assert _lang(client) == "zh-CN"


def test_the_header_switches_by_a_form_on_the_login_page(client):
    page = client.get("/login?next=/events/1").get_data(as_text=True)
    assert 'href="/lang/' not in page  # no link that changes anything
    form = re.search(r'<form method="post" action="/lang/en"[^>]*>(.*?)</form>', page, re.S)
    assert form, "no language form in the header"
    assert 'name="csrf_token"' in form.group(1) and 'name="next" value="/login?next=/events/1"' in form.group(1)
    switched = client.post("/lang/en", data={"csrf_token": csrf_from(page), "next": "/login?next=/events/1"})
    assert switched.status_code == 302 and switched.headers["Location"] == "/login?next=/events/1"
    assert _lang(client) == "en"
    back = client.get("/login").get_data(as_text=True)
    assert 'action="/lang/zh"' in back
    switch_language(client, "zh")
    assert _lang(client) == "zh-CN"


def test_an_inner_page_switches_and_stays_logged_in(client, make_user):
    make_user("viewer1", "viewer")
    Auth(client).login("viewer1")
    page = client.get("/account").get_data(as_text=True)
    switched = client.post("/lang/en", data={"csrf_token": csrf_from(page), "next": "/account"})
    assert switched.headers["Location"] == "/account"
    assert _lang(client, "/account") == "en"


@pytest.mark.parametrize("target", EVIL)
def test_next_off_the_site_goes_home(client, target):
    page = client.get("/login").get_data(as_text=True)
    switched = client.post("/lang/en", data={"csrf_token": csrf_from(page), "next": target})
    assert switched.headers["Location"] == "/"
