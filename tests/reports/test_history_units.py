"""A report's change history says each count in its unit as the report's fields do: 停电户数：20户 → 25户, not
20 → 25 under fields that read 25户 (and 在岗人员 in 人, a category in its own)."""

from __future__ import annotations

from tests.conftest import switch_language, unspanned
from tests.reports.conftest import hidden, when


def _corrected(client, auth, forms, event, make_user, area_id, kind: str, at: dict[str, str],  # noqa: ANN001
               field: str, first: str, then: str) -> str:
    """li's `kind` report at 西钟楼巷 (`at` its time) with `field` `first`, corrected on its edit form to `then`: its
    page's URL."""
    make_user("li", "reporter")
    auth.login("li")
    made = forms.submit(f"/events/{event.id}/reports/new/{kind}", {"area_id": area_id("西钟楼巷"), **at, field: first})
    assert made.status_code == 302
    url = made.headers["Location"]
    edit = client.get(f"{url}/edit").get_data(as_text=True)
    fixed = forms.submit(f"{url}/edit", {"area_id": area_id("西钟楼巷"), **at, field: then,
                                         "version": hidden(edit, "version")}, form_url=f"{url}/edit")
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[:2000]
    return url


def test_a_corrected_count_reads_with_its_unit_in_the_history(client, auth, forms, event, make_user, area_id):
    url = _corrected(client, auth, forms, event, make_user, area_id, "outage",
                     when("started_at", "2021-07-23", "19:00"), "households_affected", "20", "25余")
    page = unspanned(client.get(url).get_data(as_text=True))
    assert "<del>20户</del> → <ins>25余户</ins>" in page
    switch_language(client, "en")
    page = unspanned(client.get(url).get_data(as_text=True))
    assert "<del>20 households</del> → <ins>25+ households</ins>" in page


def test_a_corrected_category_count_reads_with_its_unit(client, auth, forms, event, make_user, area_id):
    url = _corrected(client, auth, forms, event, make_user, area_id, "disinfection",
                     when("observed_at", "2021-07-27", "16:30"), "count_street", "5", "6")
    page = unspanned(client.get(url).get_data(as_text=True))
    assert "<del>街道 5条</del> → <ins>街道 6条</ins>" in page
