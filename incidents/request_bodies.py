"""What a write's body may be: read as it was sent (uncompressed, UTF-8, whole), a page's a form, each field once."""

from __future__ import annotations

from typing import IO

from flask import Request, current_app, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from incidents import inputs
from incidents.api import problems

# The bodies that have form fields: the two Werkzeug parses into request.form and request.files (any other
# leaves both empty). FORM_ONLY (refuse_bad_text) reads the fields of these alone, with one lookup of the request
# proxy and an empty query unparsed: on an API create the guard took 101–110 µs CPU (a form parser built for a JSON
# body it never parses), now 23–25 (benches/request_hooks.py, SQLite, three alternating pairs at load ~3, 5 December).
FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
NO_FIELDS: ImmutableMultiDict[str, str] = ImmutableMultiDict()
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _Delimiters:
    """A body's stream that counts the multipart delimiters read through it (one across two reads too)."""

    def __init__(self, stream: IO[bytes], boundary: bytes) -> None:
        self.stream, self.marker, self.tail, self.seen = stream, b"--" + boundary, b"", 0

    def read(self, size: int = -1) -> bytes:
        """The stream's bytes, counted."""
        data = self.stream.read(size)
        joined = self.tail + data  # the tail is shorter than the marker: every match in it is new
        self.seen += joined.count(self.marker)
        self.tail = joined[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
        return data


class FormParser(FormDataParser):
    """Werkzeug's form parser, saying why a multipart body was not read: a part's header not UTF-8, too many parts,
    a text field too large."""

    header_not_utf8 = False

    def _parse_multipart(self, stream: IO[bytes], mimetype: str, content_length: int | None,
                         options: dict[str, str]) -> tuple[IO[bytes], ImmutableMultiDict, ImmutableMultiDict]:
        counted = _Delimiters(stream, options.get("boundary", "").encode("ascii", "replace"))
        try:
            _read, form, files = super()._parse_multipart(counted, mimetype, content_length, options)  # type: ignore[arg-type]
            return stream, form, files  # type: ignore[return-value]  # request.stream stays the body's own
        except UnicodeDecodeError:
            # Only a part's headers are decoded strictly (sansio.multipart._parse_headers; a field's text with
            # replacement): parse() then answers an empty form, and says nothing of why.
            self.header_not_utf8 = True
            raise
        except RequestEntityTooLarge:
            # Werkzeug stops a multipart body at its part count (MAX_FORM_PARTS) with the size's 413, and a page said
            # "at most 2 MB" of 63 KB, an import's upload "at most 64 MB". Counted as read: the closing one is no part.
            most, field, body = self.max_form_parts, self.max_form_memory_size, self.max_content_length
            if most is not None and counted.seen - 1 > most:
                raise inputs.TooManyParts("body", inputs.TOO_MANY_PARTS % {"n": most}) from None
            if field is not None and body is not None and content_length is not None and content_length <= body:
                # Not the body's size (Werkzeug checked it first): one text field's, which an upload's page said as
                # its own 64 MB.
                raise inputs.FieldTooLarge("body", inputs.FIELD_TOO_LARGE % {"mb": format(field / 2**20, "g")}) \
                    from None
            raise


class FormRequest(Request):
    """The app's request: its form parser kept, to tell why a multipart body was read as no form."""

    form_data_parser_class = FormParser
    form_parser: FormParser | None = None

    def make_form_data_parser(self) -> FormDataParser:
        """Werkzeug's parser, kept on the request."""
        parser = super().make_form_data_parser()
        self.form_parser = parser if isinstance(parser, FormParser) else None
        return parser


def refuse_bad_text() -> None:
    """A body read otherwise than sent, or not as text, refused naming what (before CSRF reads the form)."""
    req: Request = request._get_current_object()  # type: ignore[attr-defined]  # FORM_ONLY: one lookup
    limit, length = req.max_content_length, req.content_length
    if length is None and limit is not None and len(req.get_data(cache=True)) >= limit:
        # A body without a Content-Length (chunked) is read up to the limit and handed on cut short, without a
        # word (Werkzeug): a form's fields after the cut were lost and the rest saved. Reaching it is too large.
        raise RequestEntityTooLarge()
    encoding = req.headers.get("Content-Encoding")
    if encoding and encoding.strip().lower() != "identity" and req.method in WRITE_METHODS:
        # No body is taken compressed (RFC 7694): read as it came, a gzip form was refused naming its compressed
        # bytes as a field, and one said to be gzip but sent plain was saved, read otherwise than declared.
        raise inputs.Unsupported("Content-Encoding", inputs.UNCOMPRESSED, {"Accept-Encoding": "identity"})
    if req.method in WRITE_METHODS and (problem := inputs.charset_problem(req.headers.get("Content-Type", ""))):
        # Every body is read as UTF-8: one labelled GBK whose bytes pass for UTF-8 (一些 is D2BB D0A9, "һЩ") was
        # saved as those other characters; what the label says is judged as a multipart part's is.
        raise inputs.Unsupported("body", problem)
    if req.endpoint == "static":
        return
    mimetype = req.mimetype
    if mimetype not in FORM_MIMETYPES:
        # FORM_ONLY (see FORM_MIMETYPES). Reading request.form refused a Content-Length over the limit before
        # any other hook (Werkzeug's rule when it opens the body): kept, so a dead token still meets the 413.
        if length is not None and limit is not None and length > limit:
            raise RequestEntityTooLarge()
        if req.query_string:  # an empty query has nothing to refuse
            inputs.refuse_undecodable(req.query_string, None)
            inputs.refuse_nul(req.args, NO_FIELDS)
        return
    # get_data caches the body, and request.form then parses the cached bytes: a form's (2 MB at most), not an
    # upload's (64 MB), whose text fields are a key and a kind that take nothing but their own ASCII shape.
    urlencoded = mimetype == "application/x-www-form-urlencoded"
    view = current_app.view_functions.get(req.endpoint or "")
    files: frozenset[str] = getattr(view, "upload_fields", frozenset())
    body = req.get_data(cache=True) if urlencoded or not files else None
    inputs.refuse_undecodable(req.query_string, body if urlencoded else None)
    form = req.form  # a 413 for too many parts names them (FormParser)
    if None in form or None in req.files:
        raise inputs.BadField("body", inputs.NAMELESS_PART)
    inputs.refuse_nul(req.args, form)
    if not urlencoded and not req.form and not req.files and not problems.is_api_request() \
            and (length or req.get_data(cache=True)):
        # Werkzeug reads a multipart body without its boundary (or one the body never uses) as an empty form,
        # and CSRF's answer then blamed the session ("page expired"), with an empty form "kept below".
        parser = getattr(req, "form_parser", None)
        raise inputs.BadField("body", inputs.PART_HEADER_NOT_UTF8 if parser is not None and parser.header_not_utf8
                              else inputs.NO_PARTS)
    if body is not None and not urlencoded:
        inputs.refuse_undecodable_parts(body, req.mimetype_params.get("boundary", ""), req.form)
    # A form field sent twice was read as its first value without a word (area_id=3&area_id=8 saved on 3):
    # refused by name, as a query parameter or a JSON key given twice is, but where the view reads a list.
    many: frozenset[str] = getattr(view, "repeatable_fields", frozenset())
    for source in (req.form, req.files):
        for name, values in source.lists():
            if len(values) > 1 and name not in many:
                raise inputs.BadField(name, inputs.REPEATED_KEY)
    # A multipart body may put a file under any name, and Flask-WTF hands it to the form as that field's value:
    # under a text field it was a 500, under a checkbox or a hidden version read as given. Only an upload's own.
    if req.files:
        for name in req.files:
            if name not in files:
                raise inputs.BadField(name, inputs.NOT_TEXT)


def page_takes_a_form() -> None:
    """A page's write with a body that is no form refused (415 naming the body); the API takes JSON."""
    # A page's form takes a form body: Flask-WTF reads a JSON one as its fields (FlaskForm.Meta.wrap_formdata),
    # past refuse_bad_text's rules (a JSON list read as a field sent twice, its first value kept), and one that
    # is no object was a 500 on every form route. After CSRF and the login: those refusals say why first.
    req: Request = request._get_current_object()  # type: ignore[attr-defined]  # one lookup
    if req.method in WRITE_METHODS and req.url_rule is not None and not problems.is_api_request() \
            and req.mimetype not in FORM_MIMETYPES and (req.content_length or req.get_data(cache=True)):
        raise inputs.Unsupported("body", inputs.NOT_A_FORM)
