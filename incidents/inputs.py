"""Request-level input guards: what no view should ever have to check for itself.

Ids in URLs bounded to the id column's range, JSON bodies without lone surrogates, deep nesting
or a key given twice in one object, query strings and forms without NUL characters or bytes that are
not UTF-8, query strings without a parameter given twice, a page's form sent as a form. Each refusal is a 4xx
naming the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes, urlencode

from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.multipart import Data, Epilogue, Field, MultipartDecoder, NeedData
from wtforms import BooleanField

from incidents.limits import MAX_ID

# A report is a flat object with one level of nesting (counts): 20 is generous, 100,000 is an attack.
MAX_JSON_DEPTH = 20

# A query parameter's second name, the API's, which a timeline page and its downloads take too
# (timelines/moments.PAGE_NAMES): a page names it by its first name's label, as its refusal says it is another
# name for it ("截至时刻：…", never "as_of：…"). The API's problem keeps the key it was sent.
SECOND_NAMES = {"as_of": "at", "known_at": "known"}


TOO_DEEP = _l("is nested too deeply")
SURROGATE = _l("contains a lone surrogate (not valid Unicode)")
NUL = _l("contains a NUL character")
NOT_UTF8 = _l("is not valid UTF-8 text")
REPEATED_KEY = _l("is given more than once")
NOT_TEXT = _l("is a file: this field takes text")
UNCOMPRESSED = _l("send the body uncompressed: no Content-Encoding is accepted")
NO_PARTS = _l("is said to be multipart/form-data but holds no part that names its boundary (a Content-Type set by hand "
              "beside a FormData body drops it): send it as a browser does; nothing was saved")
# Werkzeug decodes a part's headers as strict UTF-8 and reads the whole body as no form when one is not: a file name
# from a GBK system sent raw was answered as NO_PARTS, a boundary blamed that was sent right.
PART_HEADER_NOT_UTF8 = _l("has a part whose header is not UTF-8 (a file name sent in another encoding, such as GBK): "
                          "send the file name UTF-8 encoded, or as RFC 2231's filename*=UTF-8''…; nothing was saved")
# Werkzeug reads a part whose Content-Disposition has no name= as a field or file named None: the NUL check then
# read None as text (a 500 on every page's form, the login's too), and a file so sent was "a file" in no field.
NAMELESS_PART = _l("has a part that names no field (its Content-Disposition has no name=): every part of a form names "
                   "its field; nothing was saved")
# Werkzeug's part count (MAX_FORM_PARTS), which it answered as a body too large: a page said "at most 2 MB" of 63 KB.
TOO_MANY_PARTS = _l("holds more than %(n)s fields (multipart parts), the most a form is read with: send fewer; nothing "
                    "was saved")
# Werkzeug's size of one text field (MAX_FORM_MEMORY_SIZE), answered as a body too large: an import's upload, which
# may be 64 MB, said "at most 64 MB" of a 3 MB body whose one text field was over it.
FIELD_TOO_LARGE = _l("has a text field over %(mb)s MB, the most one field is read with (a file goes in its own "
                     "field): send it shorter; nothing was saved")
OTHER_CHARSET = _l("says it is in another charset than UTF-8: send it in UTF-8 (charset=utf-8, or no charset); nothing "
                   "was saved")
NOT_ONE_CHARSET = _l("names its charset otherwise than once, as charset=utf-8 (twice, in pieces, with spaces around "
                     "=, or empty): send it in UTF-8 with one label or none; nothing was saved")
NOT_A_TICK = _l("is a checkbox: ticked it sends y, unticked nothing")
# What a checkbox sends: its page's value when ticked (y; 1 for a "more than" box), a browser's "on" for a box without
# one, and nothing (or nothing typed) when not.
TICKED = frozenset({"y", "1", "on"})
NOT_A_FORM = _l("is not a form: a page's form is sent as application/x-www-form-urlencoded or multipart/form-data "
                "(JSON goes to the API, /api/v1/); nothing was saved")
# The languages the product serves, as ?lang= names them: exactly these (EN and en-US are not, as /lang/<code>).
LANGUAGES = ("zh", "en")
NOT_A_LANGUAGE = _l("must be zh or en")
NOT_A_PAGE = _l("a page number from 1")
# More pages than any list has (a million): a longer number is no page anyone was shown.
PAGE_DIGITS = 6


class BadField(BadRequest):
    """A 400 that names the field (or parameter) and the problem."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class Unsupported(BadField):
    """A 415 naming what cannot be read as sent: a page's write that is no form, a body compressed."""

    code = 415

    def __init__(self, field: str, message: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(field, message)
        self.headers = headers or {}

    def get_headers(self, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        """Werkzeug's headers, and ours (Accept-Encoding: identity for a body compressed)."""
        return [*super().get_headers(*args, **kwargs), *self.headers.items()]


def ticked(value: Any, name: str) -> bool:
    """Whether a checkbox's value says ticked; a value no box sends is the 400 naming it.

    WTForms reads every value but "false" and "" as ticked: fully_restored=0 (or 否, off) saved an outage update
    as power fully restored, active=0 kept an account able to log in.
    """
    if value is None or value == "":
        return False
    if value in TICKED:
        return True
    raise BadField(name, NOT_A_TICK)


class TooManyParts(BadField):
    """A 413 naming the body: a multipart form of more parts than are read, however few its bytes."""

    code = 413


class FieldTooLarge(BadField):
    """A 413 naming the body: a multipart text field over the size one is read with, the body within its own."""

    code = 413


class Checkbox(BooleanField):
    """A form's checkbox read by `ticked`: a value its page does not send is refused by name, never read as ticked."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Ticked, unticked, or the 400 naming the field."""
        self.data = ticked(valuelist[0], self.name) if valuelist else False


class Refused(Forbidden):
    """A 403 that names the field that refuses the change and why (auth.policy.edit_refusal's reason)."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class NoSuch(NotFound):
    """A 404 that names the path's part that names nothing here and says what there is (a format a brief has not)."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


# The refusals that name a field: a problem's `errors` under /api/, the field's words on a page.
NAMED = (BadField, Refused, NoSuch)


class IdConverter(IntegerConverter):
    """`<int:...>` bounded to the id column: 0 < id ≤ 2**31 - 1, at most 10 digits, else 404."""

    # ASCII digits, no leading zero: \d also takes "１" (fullwidth) and "١" (Arabic-Indic), which int() reads,
    # and "01" is 1 too: each served a record under a second address (and acted on it for a write).
    regex = r"[1-9][0-9]{0,9}"

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = 1,  # noqa: A002
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def _problem(value: Any, repeated: dict[int, str] | None = None) -> tuple[str, str] | None:
    """(path, problem) of the first bad item in a parsed JSON value, walked without recursion.

    `repeated`: {id(object): a key it was sent with twice}, as _KeyCheck found them.
    """
    repeated = repeated or {}
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return path, TOO_DEEP
        if isinstance(item, str):
            if _has_surrogate(item):
                return path, SURROGATE
        elif isinstance(item, dict):
            for key, child in item.items():
                if _has_surrogate(key):
                    return path or key, SURROGATE
                stack.append((child, path or key, depth + 1))
            if id(item) in repeated:
                key = repeated[id(item)]
                # The repeated key by name; inside a member's object, that member and the key ("counts.a").
                return (f"{path}.{key}" if path else key), REPEATED_KEY
        elif isinstance(item, list):
            stack.extend((child, path, depth + 1) for child in item)
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# The first key whose value opens an array or object: where a nesting attack starts.
NESTED_KEY = re.compile(r'"((?:[^"\\]|\\.){0,100})"\s*:\s*[\[{]')


def _nested_key(text: str) -> str:
    """The top-level key a too-deep value sits under, when it can be told ("title"), else "body"."""
    match = NESTED_KEY.search(text[:4000]) if text.lstrip().startswith("{") else None
    if match is None:
        return "body"
    try:
        return str(json.loads(f'"{match.group(1)}"')) or "body"
    except ValueError:
        return "body"


class _KeyCheck:
    """An object_pairs_hook: each object as a dict, remembering the objects sent with a key twice.

    json.loads keeps the last of `{"kind": "activity", "kind": "outage"}` without a word; what a
    client meant is unknowable, so the body is refused (400 naming the key), never read either way.
    """

    def __init__(self) -> None:
        self.repeated: dict[int, str] = {}
        self.kept: list[dict[str, Any]] = []  # alive till the walk, so no other object takes over an id

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _value in pairs:
                if key in seen:
                    self.repeated[id(obj)] = key
                    self.kept.append(obj)
                    break
                seen.add(key)
        return obj


# A whole number as long as Python reads (4,300 digits): past every limit a field has, and printable.
_LONGEST_WHOLE = int("9" * 4300)


def _whole(digits: str) -> int:
    """A JSON integer; one longer than Python reads stands as the longest it reads, refused on its own field.

    Not infinity: a float, each field said "must be a whole number" of a number written with digits alone; this
    one is said too large (or negative), as 10**30 is.
    """
    try:
        return int(digits)
    except ValueError:  # "Exceeds the limit for integer string conversion": the body was read as no object
        return -_LONGEST_WHOLE if digits.startswith("-") else _LONGEST_WHOLE


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, refusing (400, naming the field) what no handler can store."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse, then refuse lone surrogates, a key repeated in an object and nesting deeper than MAX_JSON_DEPTH."""
        text = s.decode("utf-8", "replace") if isinstance(s, bytes) else s
        check = _KeyCheck()
        if "object_hook" not in kwargs:
            kwargs.setdefault("object_pairs_hook", check)
        kwargs.setdefault("parse_int", _whole)
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise BadField(_nested_key(text), TOO_DEEP) from None
        problem = _problem(value, check.repeated)
        if problem is not None:
            raise BadField(problem[0] or "body", problem[1])
        return value


def refuse_nul(args: MultiDict[str, str], form: MultiDict[str, str]) -> None:
    """Refuse a NUL character in any query parameter or form field (no text may hold one), and a query
    parameter given twice: no view reads more than one value, so `?as_of=a&as_of=b` is never read as a."""
    for source in (args, form):
        for name, value in source.items(multi=True):
            if "\x00" in value or "\x00" in name:
                raise BadField(name.replace("\x00", "") or "?", NUL)
    for name, values in args.lists():
        if len(values) > 1:
            raise BadField(name, REPEATED_KEY)


def lang_param(args: MultiDict[str, str], otherwise: str) -> str:
    """?lang= of a download, from the query `args`: zh or en as sent, `otherwise` when not sent; else 400 (lang).

    `?lang=xx` read as not sent gave the reader's language in a file whose name and contents the sender
    took for the one asked, as every other query value that names nothing is refused.
    """
    wanted = args.get("lang") or None
    if wanted is None:
        return otherwise
    if wanted not in LANGUAGES:
        raise BadField("lang", NOT_A_LANGUAGE)
    return wanted


def page_param(args: MultiDict[str, str], name: str = "page") -> int:
    """A page number of a paged page from the query `args`: 1 when not sent, else digits from 1; else 400 naming it.

    Read leniently, `?page=-1`, `abc` or 2^63 showed the first page as though it were the one asked for.
    """
    text = args.get(name, "1")
    if not (text.isascii() and text.isdigit() and len(text) <= PAGE_DIGITS and int(text) > 0):
        raise BadField(name, NOT_A_PAGE)
    return int(text)


def refuse_undecodable(query: bytes, form_body: bytes | None) -> None:
    """Refuse a query parameter or urlencoded form field whose percent-encoded bytes are not UTF-8.

    Werkzeug keeps such bytes as their %XX text rather than failing, so "ab%FF" would be stored as the
    five characters "ab%FF": no browser sends it, and what was meant cannot be known, so it is refused.
    """
    for raw in (query, form_body or b""):
        for pair in raw.split(b"&"):
            name, _, value = pair.partition(b"=")
            for part in (name, value):
                try:
                    unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
                except UnicodeDecodeError:
                    label = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")
                    raise BadField(label or "?", NOT_UTF8) from None


# What a body or a multipart text part may say it is in (or say nothing): any other label, and any other bytes, are
# refused.
UTF8_LABELS = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
# A parameter as sent: its name (with RFC 2231's * and section number) and its value, a quoted string or a token.
PARAMETER = re.compile(r';[ \t]*(?P<name>[^=;\s]*)(?P<before>[ \t]*)(?:=(?P<after>[ \t]*)'
                       r'(?P<value>"(?:[^"\\]|\\.)*"?|[^;]*))?')
CHARSET_NAME = re.compile(r"charset(?:\*\d*)?\*?", re.IGNORECASE)


def charset_problem(content_type: str) -> Any:
    """What is wrong with a Content-Type's charset label: OTHER_CHARSET, NOT_ONE_CHARSET, or None (UTF-8 or none).

    Werkzeug's reading keeps the last of a parameter named twice and drops one it cannot parse: `charset=gbk;
    charset=utf-8` and `charset = gbk` passed for UTF-8 and no label. A label is judged as sent: one, one value.
    """
    if ";" not in content_type:
        return None
    labels = [m for m in PARAMETER.finditer(content_type) if CHARSET_NAME.fullmatch(m["name"])]
    if not labels:
        return None
    label = labels[0]
    if len(labels) > 1 or label["before"] or label["after"] or label["value"] is None:
        return NOT_ONE_CHARSET
    value = label["value"].strip()
    if value.startswith('"'):
        value = value[1:-1] if len(value) > 1 and value.endswith('"') else ""
    if "''" in value:  # RFC 2231's charset''value of an extended parameter
        value = value.split("''", 1)[1]
    return None if value.lower() in UTF8_LABELS else OTHER_CHARSET


def refuse_undecodable_parts(body: bytes, boundary: str, form: MultiDict[str, str]) -> None:
    """Refuse a multipart form's text part that is not UTF-8, or says it is in another charset, naming it.

    Werkzeug decodes such a part with replacement characters (as Latin-1 when the part says iso-8859-1): 停电巡查
    sent in GBK was saved as "ͣ��Ѳ��". Only a form holding text beyond ASCII is read again (its parts' own bytes).
    """
    if all(value.isascii() for _name, value in form.items(multi=True)):
        return  # nothing was decoded in a way that could have lost a byte
    decoder = MultipartDecoder(boundary.encode("latin-1", "replace"))
    decoder.receive_data(body)
    decoder.receive_data(None)
    name: str | None = None
    chunks: list[bytes] = []
    try:
        while not isinstance(event := decoder.next_event(), Epilogue | NeedData):
            if isinstance(event, Field):
                name, chunks = event.name, []
                if problem := charset_problem(event.headers.get("content-type", "")):
                    raise BadField(name or "?", NOT_UTF8 if problem is OTHER_CHARSET else problem)
            elif isinstance(event, Data) and name is not None:
                chunks.append(event.data)
                if not event.more_data:
                    b"".join(chunks).decode("utf-8")
                    name = None
            elif not isinstance(event, Data):  # a file's part: its bytes are the upload's to judge
                name = None
    except UnicodeDecodeError:
        raise BadField(name or "?", NOT_UTF8) from None
    except ValueError:  # a body Werkzeug's own parser read: what it made of it stands
        return


def json_problem(data: bytes) -> Any:
    """Why a body is no JSON at all (not UTF-8; its first syntax error, by line and column), or None when it is.

    Said for the body as sent: "must be a JSON object" had the client look in its object for what was not one.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return NOT_UTF8
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return _l("is not valid JSON (line %(line)s, column %(column)s)", line=exc.lineno, column=exc.colno)
    except (RecursionError, ValueError):  # too deep, a number too long: the provider names those
        return None
    return None


def query_without(query: str, drop: Callable[[str, str], bool]) -> str:
    """A query string less each parameter (name, value) that `drop` names; exactly as sent when it names none."""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not drop(name, value)]
    return query if len(kept) == len(pairs) else urlencode(kept)
