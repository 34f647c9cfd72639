"""The report list's download offered as an import: known by its columns and refused by name (docs/exports.md).

A user who downloads the report list, corrects a typo offline and imports the file back would add every report a
second time: an import is always a new report. So the download is refused as a whole, naming its id column (编号,
ID), else its version column (版本), else a column only the download has (类型, 状态, 时间精度 ...), and the
message says where a correction goes instead: the report's own edit form, or the API's PATCH; and a move to another
instance: the API's list read and posted (docs/exports.md).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from functools import lru_cache

from incidents.errors import Message

_l = Message

REPORT_LIST = _l(
    "this is the report list downloaded from the log (its column “%(name)s”): a download cannot be "
    "imported back, as each of its rows would be added again as a new report. To correct a report, "
    "use Correct on its page or PATCH /api/v1/reports/<id>; to add new reports, fill in the import "
    "template offered on the import page; to move an event's reports to another instance, read them from "
    "GET /api/v1/events/<id>/reports and post each to the other's API, which keeps every figure (docs/exports.md)"
)
# The download's own id and version columns, as header keys (header_key): named first when the file has them.
ID_KEYS = ("编号", "id")
VERSION_KEYS = ("版本", "version")
# Without its id or version column, a file is the download only by several columns that no import takes: one
# could be a clerk's own heading (状态), three are the download's.
ENOUGH = 3


@lru_cache(maxsize=1)
def _list_only_keys(key: Callable[[str], str]) -> frozenset[str]:
    """Every heading of the report list's downloads (plain and HXL, zh and en), as header keys."""
    from incidents.reports.exports import HXL_COLUMNS, report_columns

    columns = [*report_columns(), *(column for column, _tag in HXL_COLUMNS)]
    return frozenset(key(text) for column in columns for text in (column.zh, column.en))


def report_list_column(headings: list[str], importable: Container[str], key: Callable[[str], str]) -> str | None:
    """The heading (as the file spells it) by which a header row is the report list's download, else None.

    `importable`: the header keys some import takes (the area list's 编号 is one: that list imports as it is).
    """
    keyed = [(text, key(text)) for text in headings if text]
    only = [text for text, k in keyed if k in _list_only_keys(key) and k not in importable]
    if not only:
        return None
    for names in (ID_KEYS, VERSION_KEYS):
        named = next((text for text, k in keyed if k in names), None)
        if named is not None:
            return named
    return only[0] if len(only) >= ENOUGH else None


def refusal(name: str) -> Message:
    """The message refusing the report list's download, naming the column it was known by."""
    return Message(REPORT_LIST.msgid, name=name)
