"""A report form refused for one field comes back with every other value as sent, on each kind's form: places,
parents, every vague time's day, clock and precision, the "more than" boxes, every disinfection count, notes with
markup and quotes — nothing for the worker to type again, nothing saved."""

from __future__ import annotations

import re

from tests.reports.conftest import count_reports, when
from tests.security.sweep import form_fields

NOTES = {"note": "备注 <b>&amp; \"引号\"", "source": "群众来电 ' x"}


def _first_choice(client, url: str, name: str) -> str:  # noqa: ANN001
    page = client.get(url).get_data(as_text=True)
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select, name
    return re.findall(r'<option value="(\d+)"', select.group(0))[0]


def test_each_kinds_refused_form_keeps_every_value(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    place = str(area_id("西钟楼巷"))
    new = f"/events/{event.id}/reports/new"
    cases = {  # each with one refused value (the last pair)
        "outage": ({"area_id": place, **when("started_at", "2021-07-22", "", "morning"), "households_affected": "120",
                    "households_affected-more": "1", **when("etr_at", "2021-07-23", "18:00", "approximate")},
                   ("buildings_affected", "-2")),
        "outage_update": ({"outage_id": _first_choice(client, f"{new}/outage_update", "outage_id"),
                           **when("observed_at", "2021-07-25", "", "afternoon"), "households_restored": "40",
                           "households_restored-more": "1", "buildings_out": "1",
                           **when("etr_at", "2021-07-26", "", "evening")}, ("households_out", "-1")),
        "pumping": ({"area_id": place, "team": "消防三中队", "team_en": "Fire 3",
                     **when("observed_at", "2021-07-23", "07:15", "approximate"), **when("ended_at", "2021-07-23", "",
                                                                                          "night"),
                     "people": "12", "people-more": "1", "capacity_m3h": "400"}, ("pumps", "-3")),
        "pumping_volume": ({"operation_id": _first_choice(client, f"{new}/pumping_volume", "operation_id"),
                            **when("period_start", "2021-07-23", "08:00"), **when("period_end", "2021-07-23", "",
                                                                                   "evening"),
                            "volume_m3-more": "1"}, ("volume_m3", "-9")),
        "disinfection": ({"area_id": place, **when("observed_at", "2021-07-27", "", "day"), "person_times": "30",
                          "person_times-more": "1", "staff": "8", "count_street": "2", "count_compound": "5",
                          "count_compound-more": "1", "count_litter_bin": "40", "count_surface": "1200",
                          "count_hand_sprayer": "6"}, ("count_courtyard", "-4")),
        "debris": ({"area_id": place, **when("period_start", "2021-07-24", "", "morning"),
                    **when("period_end", "2021-07-24", "17:30", "approximate"), "mass_t": "12.5", "truckloads": "6",
                    "truckloads-more": "1", "people": "20"}, ("vehicles", "-1")),
        "activity": ({"area_id": place, **when("observed_at", "2021-07-22", "", "night")}, ("title", "")),
    }
    for kind, (fields, (bad, value)) in cases.items():
        url = f"{new}/{kind}"
        sent = {**forms.open(url), **NOTES, **fields, bad: value}
        before = count_reports(database)
        refused = client.post(url, data=sent)
        assert refused.status_code == 422, kind
        shown = form_fields(refused.get_data(as_text=True))
        # A ticked box comes back ticked (its value is the input's own); every other value exactly as sent.
        lost = {name: (typed, shown.get(name)) for name, typed in sent.items() if name != "csrf_token"
                and (shown.get(name) is None if name.endswith("-more") else shown.get(name) != typed)}
        assert not lost, (kind, lost)
        assert count_reports(database) == before, kind
