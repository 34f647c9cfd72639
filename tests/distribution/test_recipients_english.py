"""The recipients page in English names subdistricts in English, in the form's choices and in the list."""

from __future__ import annotations

from tests.conftest import csrf_from, switch_language


def test_english_page_names_subdistricts_in_english(client, auth, make_user, rainstorm):
    make_user("coord", "coordinator")
    auth.login("coord")
    switch_language(client, "en")
    url = f"/events/{rainstorm.id}/recipients"
    page = client.get(url).get_data(as_text=True)
    assert ">Beidajie Subdistrict</option>" in page and ">北大街街道</option>" not in page
    choice = page.split(">Beidajie Subdistrict</option>")[0].rsplit('value="', 1)[1].split('"')[0]
    response = client.post(url, data={"name": "Beidajie office", "channel": "email", "lang": "en", "reminders": "y",
                                      "area_id": choice, "address": "beidajie@example.org",
                                      "csrf_token": csrf_from(page)})
    assert response.status_code == 303
    listed = client.get(url).get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]
    assert ">Beidajie Subdistrict</td>" in listed and "北大街街道" not in listed
    switch_language(client, "zh")
    assert ">北大街街道</option>" in client.get(url).get_data(as_text=True)
