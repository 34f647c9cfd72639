"""A page asked for by another site is sent uncompressed (BREACH; probed 7 December, night).

The app gzips its pages, which hold the login's CSRF token and echo what the address asks (the report list's
search box). BREACH guesses such a secret from the compressed sizes of many answers to addresses an attacker
chooses; docs/deploy.md held the cookie's SameSite=Lax stopped those requests, but Lax sends the cookie with a
top-level navigation from another site (a window the attacker's page opened and moves from address to address),
and each such answer was gzipped. A browser says where a request comes from (Sec-Fetch-Site): from another site,
the answer is sent as it is; from the site itself, or typed, gzipped as before.
"""

from __future__ import annotations

import gzip

GUESS = "csrf_token"  # what an attacker would echo beside the secret


def _ask(client, event_id: int, site: str | None):  # noqa: ANN001, ANN202
    headers = {"Accept-Encoding": "gzip", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    if site:
        headers["Sec-Fetch-Site"] = site
    return client.get(f"/events/{event_id}/reports?q={GUESS}", headers=headers)


def test_a_page_another_site_navigates_to_is_not_compressed(ids, login_as):
    coordinator = login_as("coordinator")
    for site in ("cross-site", "same-site"):
        response = _ask(coordinator, ids.event_id, site)
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers, site
        page = response.get_data(as_text=True)
        assert 'name="csrf_token"' in page and f'value="{GUESS}"' in page  # the secret beside the echo


def test_the_sites_own_pages_and_typed_addresses_are_still_compressed(ids, login_as):
    coordinator = login_as("coordinator")
    for site in ("same-origin", "none", None):
        response = _ask(coordinator, ids.event_id, site)
        assert response.headers.get("Content-Encoding") == "gzip", site
        assert f'value="{GUESS}"' in gzip.decompress(response.get_data()).decode()
