"""The input probe's rule for a refusal: a page names the field by its label in the page's language, the API by its key.

The probe accepted a page that named a refused field by its key ("area_id：不在您负责的区域内", "（version）"), so a
page added later showing a key would have passed. Now a page's key before "：" or ": " is a finding of its own, and
a page names a field only by the label a person reads in the page's language (labels.field_label, a report form's
own label); the API's JSON problem still names the key.
"""

from __future__ import annotations

import json

from tests.security import probe as P

ZH = '<!doctype html><html lang="zh-CN"><body><main>{}</main></body></html>'
EN = '<!doctype html><html lang="en"><body><main>{}</main></body></html>'


def _page(app, template: str, said: str, status: int = 400):  # noqa: ANN001, ANN202
    return app.response_class(template.format(said), status=status, mimetype="text/html")


def _problem(app, errors: dict[str, list[str]]):  # noqa: ANN001, ANN202
    return app.response_class(json.dumps({"status": 400, "errors": errors}), status=400,
                              mimetype="application/problem+json")


def test_a_page_names_a_field_by_its_label_in_its_own_language(app):
    assert P.names_field(_page(app, ZH, '<p class="error">地点：不在您负责的区域内</p>'), ["area_id"], app)
    assert P.names_field(_page(app, EN, '<p class="error">Place: is outside the areas you report for</p>'),
                         ["area_id"], app)
    assert P.names_field(_page(app, ZH, '<p class="error">版本：表单的版本号无法识别</p>'), ["version"], app)
    # A part of a field by the field's label, the form's error paragraph beside the field.
    assert P.names_field(_page(app, ZH, '<p class="error">停电时间：不是有效的UTF-8文本</p>'), ["started_at-day"], app)
    assert P.names_field(_page(app, ZH, '<p id="note-error">太长</p>'), ["note"], app)


def test_a_page_showing_the_key_names_no_field_and_is_a_finding(app):
    for template, said in ((ZH, "area_id：不在您负责的区域内"), (EN, "area_id: is outside the areas you report for"),
                           (ZH, "version：表单的版本号无法识别"), (ZH, "表单的版本号（version）无法识别"),
                           (EN, "Daily briefs</p><p>day: give a date as YYYY-MM-DD")):
        key = "day" if "day" in said else "area_id" if "area_id" in said else "version"
        page = _page(app, template, f'<p class="error">{said}</p>')
        assert not P.names_field(page, [key], app), said
        if "（" not in said:
            assert P.shown_keys(app, page, [key]) == [key], said
    # One of a flash's problems joined by "；", and a key another field of the form has.
    joined = _page(app, ZH, '<p class="flash">日期：不是日期；page：不是页码</p>')
    assert P.shown_keys(app, joined, ["day"]) == ["page"]
    assert P.shown_keys(app, _page(app, ZH, "<li>coordinates：坏了</li>"), ["name"]) == ["coordinates"]


def test_a_key_glossed_in_a_refusal_is_a_finding_but_a_label_saying_it_is_not(app):
    glossed = _page(app, ZH, '<p class="flash flash-error">表单编号：表单的上传编号（token）无法识别</p>')
    assert P.shown_keys(app, glossed, ["file"]) == ["token"]
    km = _page(app, EN, '<p class="error">Distance (km): is not a number</p>')
    assert P.shown_keys(app, km, ["km"]) == [] and P.names_field(km, ["km"], app)


def test_a_page_in_one_language_does_not_pass_by_the_other_languages_label(app):
    assert not P.names_field(_page(app, ZH, '<p class="error">Place: is outside the areas you report for</p>'),
                             ["area_id"], app)
    assert not P.names_field(_page(app, EN, '<p class="error">地点：不在您负责的区域内</p>'), ["area_id"], app)


def test_words_before_a_colon_that_only_end_in_a_key_are_no_key(app):
    page = _page(app, EN, "<p>Known at: 22 July</p><p>Place: is outside the areas you report for</p>")
    assert P.shown_keys(app, page, ["at", "area_id"]) == []


def test_the_api_names_the_key_not_the_label(app):
    assert P.names_field(_problem(app, {"area_id": ["is outside the areas you report for"]}), ["area_id"], app)
    assert not P.names_field(_problem(app, {"地点": ["不在您负责的区域内"]}), ["area_id"], app)
    assert P.shown_keys(app, _problem(app, {"area_id": ["x"]}), ["area_id"]) == []


def test_the_probe_records_a_shown_key(app, database):
    prober = P.Probe(app, database, None, {})  # type: ignore[arg-type]
    refused = _page(app, ZH, '<p class="error">area_id：不在您负责的区域内</p>', status=403)
    assert P.judge(prober, refused, "POST", "/reports/1/status", ["area_id"], "x", None)
    assert [f.what for f in prober.findings] == ["key shown (area_id)"]
