"""The events list in English names the office issuing the briefs by its English name where it has one (as the
English brief's header does); the Chinese list as it was."""

from __future__ import annotations

import json

import pytest

from tests.conftest import switch_language
from tests.exports.conftest import read_csv, read_xlsx

FORMATS = ("csv", "xlsx", "json")
ISSUER = "文峰区防汛抗旱指挥部办公室"
ISSUER_EN = "Office of the Wenfeng District Flood Control and Drought Relief Headquarters"


def issuers(response, fmt: str) -> set[str]:  # noqa: ANN001
    """Every event's issuer in a download of the events list."""
    assert response.status_code == 200
    if fmt == "json":
        return {row["issuer"] for row in json.loads(response.data)["rows"]}
    rows = read_csv(response.data) if fmt == "csv" else read_xlsx(response.data)
    at = [i for i, header in enumerate(rows[0]) if header in ("Brief issued by", "日报发布单位")][0]
    return {row[at] for row in rows[1:]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_english_list_names_the_issuer_in_english(reader, event, fmt):
    switch_language(reader, "en")
    assert issuers(reader.get(f"/events/export.{fmt}"), fmt) == {ISSUER_EN}


@pytest.mark.parametrize("fmt", FORMATS)
def test_chinese_list_unchanged(reader, event, fmt):
    assert issuers(reader.get(f"/events/export.{fmt}"), fmt) == {ISSUER}
