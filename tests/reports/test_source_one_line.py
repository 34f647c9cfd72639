"""A report's source is one line (an h4 audit): "北大街街道办\\n电话" was stored over the API and the import, where
a title or a team with a line break was refused; the report lists, the CSV download and the brief's data-quality
lines show a source on one line, and a break split its row. Now the one rule for one-line fields
(reports/validation.ONE_LINE) holds the source too; a note keeps its lines."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, count_reports, new_token, reporter_api, token_client, where  # noqa: F401
from tests.imports.conftest import count_reports as imported
from tests.imports.conftest import csv_bytes, event, run  # noqa: F401
from tests.imports.test_rows import activity_rows


@pytest.mark.parametrize("source", ["北大街街道办\n电话", "北大街\r\n街道办", "甲\u2028乙", "值班\u200b室"])
def test_the_api_refuses_a_source_of_more_than_one_line(where, database, reporter_api: TokenClient,  # noqa: F811
                                                        source):
    url, area = where
    before = count_reports(database)
    body = {"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30", "title": "巡查"}
    refused = reporter_api.post(url, json={**body, "source": source})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"source"}, refused.json
    assert "须为一行可见文字" in refused.json["errors"]["source"]
    assert count_reports(database) == before
    kept = reporter_api.post(url, json={**body, "source": "北大街街道办", "note": "第一行\n第二行"})
    assert kept.status_code == 201, kept.json


def test_the_import_refuses_it_on_its_line(app, event, make_user, run, database):  # noqa: F811
    make_user("co", "coordinator")
    rows = activity_rows(2)
    rows[2][3] = "电话\n报告"
    before = imported(database)
    outcome = run(csv_bytes(rows), "co", event)
    assert [(p.line, p.column) for p in outcome.problems] == [(3, "source")], outcome.problems
    assert imported(database) == before
