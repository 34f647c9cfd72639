"""A disinfection report's page says each count in its unit: staff on duty in 人 beside person-times in 人次,
and each site category in its own (街道5条), in the line that sums the report up as in its fields."""

from __future__ import annotations

import re

from tests.conftest import switch_language, unspanned
from tests.reports.conftest import hidden, when


def _saved_page(client, auth, forms, event, make_user, area_id) -> str:
    make_user("li", "reporter")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                            {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
                             "person_times": "120人次", "staff": "20人", "count_street": "5条"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return unspanned(client.get(response.headers["Location"]).get_data(as_text=True))


def test_staff_on_duty_is_shown_in_people(client, auth, forms, event, make_user, area_id):
    page = _saved_page(client, auth, forms, event, make_user, area_id)
    staff = re.search(r"<dt>在岗人员（人，非人次）</dt><dd>([^<]*)</dd>", page)
    assert staff is not None and staff.group(1) == "20人"


def test_the_summary_line_counts_a_category_in_its_unit(client, auth, forms, event, make_user, area_id):
    page = _saved_page(client, auth, forms, event, make_user, area_id)
    assert "消杀：120人次，在岗20人，街道 5条" in page


def test_the_english_forms_category_labels_are_capitalised_like_their_neighbours(client, auth, event, make_user):
    """The English form read "Personnel (person-times)" and "Staff on duty" above "streets", "residential compounds",
    "hand sprayers": the category names are lower case for sentences, but here they are labels."""
    make_user("li", "reporter")
    auth.login("li")
    switch_language(client, "en")
    page = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    labels = re.findall(r'<label for="count_[a-z_]+">([^<]*)</label>', page)
    assert "Streets" in labels and "Drain grates" in labels and len(labels) > 10
    assert all(label[:1].isupper() for label in labels), labels
    switch_language(client, "zh")
    page = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    assert '<label for="count_street">街道（条）</label>' in page


def test_the_area_disinfected_reads_in_square_metres_in_english(client, auth, forms, event, make_user, area_id):
    """Found on the phone in English: the form asked "Area disinfected" with no unit (the Chinese form says 平方米),
    and the saved report read "area disinfected 500", while the brief says 500 m²: hectares or m² was a guess."""
    make_user("li", "reporter")
    auth.login("li")
    switch_language(client, "en")
    form = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    assert '<label for="count_surface">Area disinfected (m²)</label>' in form
    assert '<label for="count_street">Streets</label>' in form  # a count of things has no unit to add
    made = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                        {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
                         "count_surface": "500", "count_street": "5"})
    assert made.status_code == 302, made.get_data(as_text=True)[:3000]
    page = unspanned(client.get(made.headers["Location"]).get_data(as_text=True))
    assert "area disinfected 500 m²" in page  # the line that sums the report up
    assert "<span>area disinfected</span> <strong>500 m²</strong>" in page  # its field
    assert "<span>streets</span> <strong>5</strong>" in page
    url = made.headers["Location"]
    edit = client.get(f"{url}/edit").get_data(as_text=True)
    fixed = forms.submit(f"{url}/edit", {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
                                         "count_surface": "600", "count_street": "5",
                                         "version": hidden(edit, "version")}, form_url=f"{url}/edit")
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[:2000]
    page = unspanned(client.get(url).get_data(as_text=True))
    assert "area disinfected 500 m²</del> → <ins>streets 5, area disinfected 600 m²</ins>" in page  # its history
