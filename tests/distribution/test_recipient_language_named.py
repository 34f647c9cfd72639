"""The recipients list names each recipient's language as the form does (中文, English): it showed the bare
code, "区防指值班群 zh", to a district office reading Chinese."""

from __future__ import annotations

from tests.conftest import csrf_from


def test_the_list_names_the_language(client, auth, make_user, rainstorm):
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{rainstorm.id}/recipients"
    for name, lang in (("区防指值班群", "zh"), ("Liaison office", "en")):
        response = client.post(url, data={"name": name, "channel": "email", "lang": lang, "briefs": "y",
                                          "area_id": "", "address": f"{lang}@example.org",
                                          "csrf_token": csrf_from(client.get(url).get_data(as_text=True))})
        assert response.status_code == 303
    listed = client.get(url).get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]
    assert '区防指值班群 <span class="meta">中文</span>' in listed
    assert 'Liaison office <span class="meta">English</span>' in listed
    assert '<span class="meta">zh</span>' not in listed
