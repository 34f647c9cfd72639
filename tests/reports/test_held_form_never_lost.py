"""A held form (sent without JavaScript as the sign-in ended) is dropped only once it is stored or its worker discards
it: a give-back page that never reached the worker, or a second form sent from the same browser, loses nothing."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.auth.models import HeldForm
from tests.reports.conftest import count_reports, when
from tests.reports.test_signed_out_form_kept import NOTE, _end_everywhere, _keeps, _log_in, _sent_out, _typed
from tests.security.sweep import form_fields

SAVED = "重新登录前填写的内容已恢复：尚未保存"


def _rows(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(HeldForm)) or 0


def _ready(client, app, auth, make_user, url: str) -> dict[str, str]:  # noqa: ANN001
    make_user("li", "reporter")
    auth.login("li")
    data = _typed(client, url)
    _end_everywhere(app, auth)
    return data


def test_a_give_back_page_that_never_arrived_gives_it_back_again_until_saved(client, app, auth, event, make_user,
                                                                               area_id, database):
    url = f"/events/{event.id}/reports/new/activity"
    data = {**_ready(client, app, auth, make_user, url), "title": "东门消杀", "area_id": str(area_id("西钟楼巷")),
            **when("observed_at", "2021-07-27", "16:30")}
    before = count_reports(database)
    _log_in(client, _sent_out(client, url, data))
    client.get(url)  # the page giving it back, lost on the way (the network dropped, the tab closed)
    page = client.get(url).get_data(as_text=True)  # opened again
    assert SAVED in page
    _keeps(page, data)
    assert client.post(url, data=form_fields(page)).status_code == 302
    assert count_reports(database) == before + 1 and _rows(database) == 0  # stored: dropped then, and only then
    assert NOTE not in client.get(url).get_data(as_text=True)  # the form as ever
    assert client.post(url, data=form_fields(page)).status_code == 302  # a double tap: the same report
    assert count_reports(database) == before + 1


def test_a_refused_save_keeps_it_and_discarding_drops_it(client, app, auth, event, make_user, database):
    url = f"/events/{event.id}/reports/new/debris"
    data = _ready(client, app, auth, make_user, url)
    _log_in(client, _sent_out(client, url, data))
    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data={**form_fields(page), "area_id": ""})  # refused: nothing stored, still held
    assert refused.status_code == 422 and _rows(database) == 1
    page = client.get(url).get_data(as_text=True)
    _keeps(page, data)
    discard = re.search(r'<form[^>]*action="/held/discard".*?</form>', page, re.S)
    assert discard is not None  # offered on the page giving it back
    gone = client.post("/held/discard", data=dict(re.findall(r'name="([^"]+)" value="([^"]*)"', discard.group())))
    assert gone.status_code == 302 and gone.headers["Location"].endswith(url)
    assert _rows(database) == 0 and NOTE not in client.get(url).get_data(as_text=True)


def test_two_forms_sent_from_one_browser_both_come_back(client, app, auth, event, make_user, area_id, database):
    # Until 7 December the second replaced the first: two tabs of one phone, both sent before the login, lost one.
    url = f"/events/{event.id}/reports/new/activity"
    make_user("li", "reporter")
    auth.login("li")
    typed = {"area_id": str(area_id("西钟楼巷")), **when("observed_at", "2021-07-27", "16:30")}
    first = {**_typed(client, url), **typed, "title": "东门消杀"}
    second = {**_typed(client, url), **typed, "title": "北门清淤", "note": "第二份"}  # two tabs open, then it ends
    _end_everywhere(app, auth)
    before = count_reports(database)
    _sent_out(client, url, first)
    assert _log_in(client, _sent_out(client, url, second)).headers["Location"].endswith(url)
    assert _rows(database) == 2
    page = client.get(url).get_data(as_text=True)
    _keeps(page, first)  # the oldest first
    assert "held-waiting" not in page  # the one waiting next is for this page too: no note sending it here
    shown = client.get(client.post(url, data=form_fields(page)).headers["Location"]).get_data(as_text=True)
    assert "尚未保存" in shown and f'href="{url}"' in shown  # the saved report's page names the other one
    page = client.get(url).get_data(as_text=True)
    _keeps(page, second)
    shown = client.get(client.post(url, data=form_fields(page)).headers["Location"]).get_data(as_text=True)
    assert count_reports(database) == before + 2 and _rows(database) == 0 and "held-waiting" not in shown
