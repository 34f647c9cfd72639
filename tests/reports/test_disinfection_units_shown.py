"""A disinfection report's page says each count in its unit: staff on duty in 人 beside person-times in 人次,
and each site category in its own (街道5条), in the line that sums the report up as in its fields."""

from __future__ import annotations

import re

from tests.reports.conftest import when


def _saved_page(client, auth, forms, event, make_user, area_id) -> str:
    make_user("li", "reporter")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                            {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
                             "person_times": "120人次", "staff": "20人", "count_street": "5条"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return client.get(response.headers["Location"]).get_data(as_text=True)


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
    client.get("/lang/en")
    page = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    labels = re.findall(r'<label for="count_[a-z_]+">([^<]*)</label>', page)
    assert "Streets" in labels and "Drain grates" in labels and len(labels) > 10
    assert all(label[:1].isupper() for label in labels), labels
    client.get("/lang/zh")
    page = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    assert '<label for="count_street">街道（条）</label>' in page
