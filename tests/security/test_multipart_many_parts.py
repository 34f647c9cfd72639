"""A multipart form of more parts than are read is refused for that, not for a size it is far under (probed 7 December,
night).

Werkzeug stops a multipart body at its 1,000th part with the 413 of a body too large, and every page said so: 提交的内容
过大：最多 2 MB — for a bulk verify of 999 reports sent as multipart, 63 KB. The same list urlencoded is read and its
501st report named (`reports/bulk.parse_items`). Now the 413 says how many fields are read, naming the body.
"""

from __future__ import annotations

from tests.security import sweep

BOUNDARY = "probe-boundary-7"


def _multipart(fields: list[tuple[str, str]]) -> bytes:
    parts = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields)
    return f"{parts}--{BOUNDARY}--\r\n".encode()


def test_a_small_form_of_too_many_parts_says_so_not_that_it_is_too_large(database, ids, login_as):
    coordinator = login_as("coordinator")
    fields = [("csrf_token", sweep.csrf_token(coordinator)), ("action", "verify")]
    body = _multipart(fields + [("report", str(ids.report_in_scope))] * 999)
    assert len(body) < 200_000
    before = sweep.fingerprint(database.engine)
    response = coordinator.post(f"/events/{ids.event_id}/reports/bulk", data=body,
                                content_type=f"multipart/form-data; boundary={BOUNDARY}")
    page = response.get_data(as_text=True)
    assert response.status_code == 413, response.status_code
    assert "提交的内容：超过 1000 个字段" in page, page[:3000]
    assert "2 MB" not in page
    assert sweep.fingerprint(database.engine) == before


def test_an_import_upload_of_too_many_parts_says_so_not_its_64_mb(database, ids, login_as):
    """The import page reads its upload from the stream (64 MB, never kept whole): its part count said the same."""
    coordinator = login_as("coordinator")
    fields = [("csrf_token", sweep.csrf_token(coordinator)), ("kind", "")] + [("x", "1")] * 999
    parts = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields)
    body = (f'{parts}--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="log.csv"\r\n\r\n'
            f"a,b\r\n--{BOUNDARY}--\r\n").encode()
    before = sweep.fingerprint(database.engine)
    response = coordinator.post(f"/events/{ids.event_id}/import", data=body,
                                content_type=f"multipart/form-data; boundary={BOUNDARY}")
    page = response.get_data(as_text=True)
    assert response.status_code == 413, response.status_code
    assert "提交的内容：超过 1000 个字段" in page, page[:3000]
    assert "64 MB" not in page
    assert sweep.fingerprint(database.engine) == before
