"""A Table as a download: the format from the address, the reader's language, CSV and JSON streamed.

A streamed download reads its rows while the file is sent, after the view has returned: it opens
a read session of its own for that (the request's session is closed by then), and every word it
writes (headers, labels) is resolved in the view, in the reader's language. An XLSX workbook is
written whole inside the request (openpyxl's write-only mode keeps that small).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from flask import Response, current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.exceptions import ServiceUnavailable

from incidents import slots
from incidents.db import Database
from incidents.errors import Message
from incidents.filenames import safe_name
from incidents.inputs import LANGUAGES, BadField, NoSuch, lang_param
from incidents.labels import LABELS, label
from incidents.request_db import request_session
from incidents.tables import FORMATS, Table, to_xlsx, write

# A download a personal token may read: a script's GET of data (CSV, XLSX, JSON, a brief's files), never a page
# or a form (api/auth.token_route reads the mark). Set on the view, kept by functools.wraps on its wrappers.
TOKEN_READS = "incidents_token_reads"
# A view whose ?lang= says the language of its answer, its refusals too (web.select_locale reads the mark).
TAKES_LANG = "incidents_takes_lang"


_l = Message  # its words are translated where they are shown (web's error page, the API's problem)


def takes_lang(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose ?lang= (zh or en) is the language of all it answers, a refusal as much as the file."""
    setattr(view, TAKES_LANG, True)
    return view


def asked_lang() -> str | None:
    """The language the request's ?lang= asks of a view marked `takes_lang`; None when it asks none served."""
    rule = request.url_rule
    if rule is None or rule.endpoint is None or not request.args:
        return None
    asked = request.args.get("lang")
    view = current_app.view_functions.get(rule.endpoint)
    return asked if asked in LANGUAGES and getattr(view, TAKES_LANG, False) else None


def keep_asked_lang(endpoint: str, values: dict[str, Any]) -> None:
    """Give every link a page asked in a language builds to another view that takes ?lang= that language too."""
    # The one rule for ?lang= (app.url_defaults): an English brief's links to its event, its history, who got it
    # and the recipients led to Chinese pages, each link a template had to remember to pass it on.
    # The link's own view first: most take no ?lang= (an API's Location, a report's page), and asked_lang reads the
    # request's rule, query and view each time (url_for runs this for every link).
    if "lang" in values or not getattr(current_app.view_functions.get(endpoint), TAKES_LANG, False) \
            or not has_request_context():
        return
    asked = asked_lang()
    if asked is not None:
        values["lang"] = asked


def token_reads(*takes: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a download view as one a personal token may GET, as it may the API, taking the query parameters
    `takes` and ?lang=: any other is the 400 naming it, as the API's are (a misspelt `asof` was ignored)."""
    taken = (*takes, "lang")

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            unknown = next((name for name in request.args if name not in taken), None)
            if unknown is not None:
                raise BadField(unknown[:100], _l("is not a parameter of this download (it takes %(names)s)",
                                                 names=", ".join(taken)))
            # ?lang=xx was taken and the file written in the reader's language, for the one asked.
            lang_param(request.args, "zh")
            return view(*args, **kwargs)

        setattr(guarded, TOKEN_READS, True)
        return takes_lang(guarded)

    return mark


def disposition(name: str, inline: bool = False) -> str:
    """A Content-Disposition for a file name of any script: an ASCII name for old clients, the UTF-8 one beside it.

    Names come from event codes people type (审计-中文): a raw non-ASCII header hung the development
    server and was a 500 under gunicorn; a CR/LF or a quote broke the header (RFC 6266, 5987).
    """
    clean = safe_name(name)
    kind = "inline" if inline else "attachment"
    if clean.isascii():
        return f'{kind}; filename="{clean}"'
    # Made safe again after NFKD: it turns the full-width ＂ and ＼ (kept by the first pass) into " and \\.
    plain = safe_name(unicodedata.normalize("NFKD", clean).encode("ascii", "ignore").decode("ascii")) or "download"
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(clean, safe='!#$&+-.^_`|~')}"


# The formats of every list export, in the order the download links show them.
LIST_FORMATS = ("csv", "xlsx", "json")
Build = Callable[[Session], Table]


def known_format(fmt: str, formats: Iterable[str] = LIST_FORMATS) -> str:
    """The address's format when the download has it; else the 404 naming `fmt` and the formats it has."""
    formats = tuple(formats)
    if fmt not in formats:  # a bare 404 left a person (and a script) guessing which there are
        raise NoSuch("fmt", _l("is not a format of this download: it has %(names)s", names=", ".join(formats)))
    return fmt


def _code(value: Any) -> Any:
    """A stored code's value (an enum's), anything else as it is."""
    return getattr(value, "value", value)


def words_for(fmt: str, extra: Mapping[str, Any] | None = None) -> Callable[[Any], str]:
    """How stored codes are written: labels in the reader's language for spreadsheets, codes in JSON.

    The labels are resolved now (in the request), so a streamed file needs no request to write them.
    """
    if fmt == "json":
        return _code
    # label(): a code is written as the pages show it (District, Power outage), one spelling for a reader to import
    # back.
    names = {**{key: label(key) for key in LABELS}, **{key: str(text) for key, text in (extra or {}).items()}}
    return lambda value: "" if value is None else names.get(str(_code(value)), str(_code(value)))


# Seconds a heavy download waits for the server's slot before the 503: a brief PDF takes about 1 s
# (4 s on a busy machine), so people asking at the same moment are served in turn, and a loop holds a
# worker no longer than this.
HEAVY_WAIT = 8.0


@contextmanager
def heavy(kind: str) -> Iterator[None]:
    """Run a heavy download (a workbook, a PDF) in the server's one slot of its kind; 503 when it stays taken."""
    try:
        with slots.one_at_a_time(current_app.instance_path, kind, wait=HEAVY_WAIT):
            yield
    except slots.Busy:
        raise ServiceUnavailable(_("Another large download is being made on the server: "
                                   "try again in a few seconds."), retry_after=5) from None


def send_table(build: Build, fmt: str, stem: str, lang: str, meta: dict[str, Any] | None = None) -> Response:
    """The table `build` makes, as an attachment named stem.fmt; an unknown format is the 404 naming it.

    A workbook is written whole inside the request (tens of seconds for 10,000 reports), so one at
    a time (`heavy`); CSV and JSON stream.
    """
    known_format(fmt, FORMATS)
    if fmt == "xlsx":
        with heavy("xlsx"):
            body = to_xlsx(build(request_session()), lang)
        response = Response(body, content_type=FORMATS[fmt])
    else:
        database: Database = current_app.extensions["incidents.db"]

        def pieces() -> Iterator[str]:
            """The file's text, read in a session of its own."""
            with database.read_session() as session:
                body = write(build(session), fmt, lang, meta)
                assert not isinstance(body, bytes)  # CSV and JSON are text
                yield from body

        response = Response(pieces(), content_type=FORMATS[fmt])
    response.headers["Content-Disposition"] = disposition(f"{stem}.{fmt}")
    return response
