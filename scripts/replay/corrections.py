"""A correction sent as a careful client sends it: first on a stale ETag (412, nothing saved), then on the one read."""

from __future__ import annotations

from typing import Any

from replay.client import Api


def tag_version(etag: str) -> int:
    """The version an ETag names: "3", W/"3", or a gzip answer's "3:gzip" (docs/api-reports.md)."""
    return int(etag.removeprefix("W/").strip('"').removesuffix(":gzip"))


def stale_then_current(api: Api, report_id: int, body: dict[str, Any], any_version: bool) -> tuple[list[str], bool]:
    """A correction sent on a stale ETag (412, nothing saved), then on the one read (or *): what went wrong, and
    whether the stale tag was of an earlier version."""
    found = []
    path = f"/reports/{report_id}"
    read = api.call("GET", path)
    etag, version = read.headers["ETag"], tag_version(read.headers["ETag"])
    # A client that read before the last change holds the version before it; a report never changed has no
    # earlier version ("0" is none any GET gives: a 422, not the 412), so the tag of one it has not reached.
    stale = version - 1 if version > 1 else version + 1
    refused = api.call("PATCH", path, body, want=(412,), headers={"If-Match": f'"{stale}"'})
    said = refused.json()
    if (said.get("current_version") != version or tag_version(refused.headers.get("ETag", '"0"')) != version
            or said.get("current") != read.json()):
        found.append(f"report {report_id} at {etag}, If-Match \"{stale}\": 412 said version"
                     f" {said.get('current_version')}, ETag {refused.headers.get('ETag')}, or not the report read")
    again = api.call("GET", path)
    if again.headers["ETag"] != etag or again.json() != read.json():
        found.append(f"report {report_id}: a correction refused (412) changed it: {etag} -> {again.headers['ETag']}")
    done = api.call("PATCH", path, body, headers={"If-Match": "*" if any_version else etag})
    if done.json().get("version") != version + 1 or tag_version(done.headers["ETag"]) != version + 1:
        found.append(f"report {report_id}: a correction on {etag} made version {done.json().get('version')},"
                     f" ETag {done.headers['ETag']}")
    return found, version > 1
