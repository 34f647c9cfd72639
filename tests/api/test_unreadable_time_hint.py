"""A time the API cannot read is refused with the spellings it does read, as an import's cell is:
"2021-07-24 晚9时许" (the newspaper's own words) answered only "must be a date and time", leaving
a client to guess which form would pass."""

from __future__ import annotations

from tests.api.conftest import TokenClient, count_reports

EN = {"Accept-Language": "en"}


def test_an_unreadable_time_names_the_spellings_read(where, database, reporter_api: TokenClient):
    url, area = where
    before = count_reports(database)
    body = {"kind": "activity", "area_id": area, "title": "巡查", "observed_at": "2021-07-24 晚9时许"}
    response = reporter_api.post(url, json=body, headers=EN)
    assert response.status_code == 422
    message = response.json["errors"]["observed_at"]
    # The demo event has ended: its examples are on its last day (messages.example_day).
    assert message.startswith("must be a date and time") and "2021-07-31 ~21:00" in message
    assert "2021-07-31 约21:00" in reporter_api.post(url, json=body).json["errors"]["observed_at"]  # zh too
    assert count_reports(database) == before


def test_a_correction_with_an_unreadable_time_names_them_too(where, reporter_api: TokenClient):
    url, area = where
    made = reporter_api.post(url, json={"kind": "activity", "area_id": area, "title": "巡查",
                                        "observed_at": "2021-07-22 14:30"})
    assert made.status_code == 201, made.json
    response = reporter_api.patch(f"/api/v1/reports/{made.json['id']}", headers=EN,
                                  json={"observed_at": "7月22日下午", "version": 1})
    assert response.status_code == 422
    assert "2021-07-31 afternoon" in response.json["errors"]["observed_at"]


def test_a_time_that_is_not_text_keeps_the_plain_message(where, reporter_api: TokenClient):
    url, area = where
    response = reporter_api.post(url, headers=EN, json={"kind": "activity", "area_id": area, "title": "巡查",
                                                        "observed_at": 20210724})
    assert response.status_code == 422
    assert response.json["errors"]["observed_at"] == "must be a date and time"
