"""A download takes the query parameters it reads (and ?lang=): another, a misspelling above all, is refused by name."""

from __future__ import annotations

from incidents.downloads import TOKEN_READS
from tests.security import sweep
from tests.security.test_fuzz_requests import _view_names

NOT_TAKEN = "不是此下载的参数"


def downloads(app):  # noqa: ANN001, ANN201
    """Every route a token may GET beside the API (downloads.token_reads)."""
    return [r for r in sweep.rules(app) if getattr(app.view_functions[r.endpoint], TOKEN_READS, False)]


def test_a_parameter_no_download_reads_is_refused_by_name(app, ids, login_as):
    client = login_as("coordinator")
    found = downloads(app)
    assert len(found) >= 13
    for rule in found:
        url = sweep.url_for_rule(rule, ids)
        # A misspelt moment was ignored: timeline.csv?asof=… was the timeline now, taken for the one asked for.
        response = client.get(url, query_string={"asof": "2021-07-24T12:00"})
        text = str(response.get_json()) if response.is_json else response.get_data().decode("utf-8", "replace")
        assert response.status_code == 400, (url, response.status_code)
        assert "asof" in text and NOT_TAKEN in text, (url, text[:300])


def test_every_parameter_a_download_reads_is_taken(app, ids, login_as):
    client = login_as("coordinator")
    for rule in downloads(app):
        url = sweep.url_for_rule(rule, ids)
        for name in sorted(_view_names(app, rule) | {"lang"}):
            response = client.get(url, query_string={name: ""})
            assert NOT_TAKEN.encode() not in response.get_data(), (url, name)
