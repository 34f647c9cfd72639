"""A page that refuses a field names it as the form does: labels.FIELD_LABELS said 停电开始 (Outage began) where the
outage form says 停电时间 (Power went off), 来源 where every report form says 信息来源, and so on for 23 fields.

Each field a form shows (not a hidden one) is walked, in Chinese and English. A key all forms label alike is named
by that label in FIELD_LABELS (the error page of a NUL or undecodable field reads nothing else); a key the forms
word apart (a pumping's observed time is its start) is one of WORDED_APART, which a form's page names by its own
labels (labels.form_labels): the outbox's answer and the report page's refusals.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections import defaultdict

import pytest
from flask import session
from flask_babel import refresh
from flask_wtf import FlaskForm
from wtforms import HiddenField

import incidents
from incidents.labels import field_label
from tests.reports.conftest import when

# Keys whose forms label them apart, each named on its form's page by that form's label.
WORDED_APART = {
    "observed_at",  # 时间; a pumping's 开始时间; a disinfection's 时间（或截至）
    "area_id",  # a report's 地点; an event's 所属区县; a recipient's 所属街道（报送提醒）
    "households_affected",
    "buildings_affected",  # an outage's 停电户数; an update's 现受影响户数（新总数）
    "etr_at",  # an outage's 预计恢复时间; an update's 新的预计恢复时间
    "ends_at",  # an event's form and the form that closes it
    "code",  # an event's short code; an area's administrative code
    "name",  # an event's, an area's or a recipient's name; a token's 令牌名称
    "kind",  # an event's kind; an import's 行的类型
}


def _forms() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(incidents.__path__, "incidents."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(module.name)
    found, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        # A form made per event (the disinfection form's counts, one per category of the data) is its base's.
        if cls.__module__.startswith("incidents.") and getattr(sys.modules[cls.__module__], cls.__name__, None) is cls:
            found.append(cls)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_field_a_form_shows_is_refused_by_the_form_s_label(app, lang):
    shown: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with app.test_request_context("/"):
        session["lang"] = lang
        refresh()
        for cls in _forms():
            for field in cls(meta={"csrf": False}):
                if not isinstance(field, HiddenField):
                    shown[field.name].add((cls.__name__, str(field.label.text)))
        assert len(shown) > 60  # every form was walked, not none
        apart = {name for name, labels in shown.items() if len({text for _form, text in labels}) > 1}
        assert apart == WORDED_APART
        differ = {
            (name, form, text, field_label(name))
            for name, labels in shown.items()
            if name not in apart
            for form, text in labels
            if field_label(name) != text
        }
    assert differ == set()


def test_a_refused_field_on_the_error_page_is_named_as_the_outage_form_names_it(
    client, auth, forms, event, make_user, area_id
):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage"
    data = {
        **forms.open(url),
        "area_id": area_id("西钟楼巷"),
        **when("started_at", "2021-07-27", "16:30"),
        "started_at-time": "16:\x0030",
    }
    refused = client.post(url, data=data)
    assert refused.status_code == 400
    assert "停电时间：" in refused.get_data(as_text=True) and "停电开始" not in refused.get_data(as_text=True)


def test_the_outbox_names_a_pumping_start_as_the_pumping_form_does(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/pumping"
    data = {
        **forms.open(url),
        "area_id": area_id("西钟楼巷"),
        "team": "排涝一队",
        **when("observed_at", "2030-01-01", "09:00"),
    }
    refused = client.post(url, data=data, headers={"X-Outbox": "queue", "Accept": "application/json"})
    assert refused.status_code == 422
    by_field = {e["field"]: e for e in refused.json["errors"]}
    assert by_field["observed_at"]["label"] == "开始时间"
