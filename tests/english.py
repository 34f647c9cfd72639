"""Chinese left on an English page or brief: every run of Chinese outside the data's own strings."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from typing import Any

import sqlalchemy as sa

from incidents.models import Base
from tests.conftest import unspanned

# Chinese characters and full-width punctuation; the full-width plus of "＋ New report" is a sign, not a word.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uff0a\uff0c-\uffef]+")


def data_strings(session) -> list[str]:
    """Every stored string with Chinese in it that is the data's own: no English sibling column holds its
    English (an area's name with its name_en given is not data an English page may show)."""
    found: set[str] = set()
    for table in Base.metadata.sorted_tables:
        names = {c.name for c in table.columns}
        for column in table.columns:
            if not isinstance(column.type, sa.String) or column.name.endswith("_en"):
                continue
            english = table.c[column.name + "_en"] if column.name + "_en" in names else None
            query = sa.select(column).where(column.is_not(None))
            if english is not None:
                query = query.where(sa.or_(english.is_(None), english == ""))
            found.update(v for v in session.scalars(query.distinct()) if CJK.search(v))
    return sorted(found, key=len, reverse=True)


def chinese_left(text: str, data: list[str]) -> list[tuple[str, str]]:
    """The Chinese runs of `text` once the data's strings are taken out, each with the words around it."""
    for value in data:
        text = text.replace(value, " ")
    return [(m.group(0), " ".join(text[max(m.start() - 40, 0):m.end() + 40].split())) for m in CJK.finditer(text)]


def visible(html: str) -> str:
    """A page's words: its text and its attributes a reader sees (title, alt, aria-label), no tags or scripts."""
    html = unspanned(html)  # a quantity's no-break span is no gap in the words (转移群众120人 is one string)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # An element that says it is Chinese (the language switch's 中文) is meant to be read so.
    html = re.sub(r'<(\w+)[^>]*\blang="zh[^"]*"[^>]*>.*?</\1>', " ", html, flags=re.S)
    shown = " ".join(re.findall(r'(?:title|alt|aria-label|placeholder)="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + shown)


def docx_text(data: bytes) -> str:
    """A DOCX's paragraphs, table cells, and each section's header and footer."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    margins = [p.text for section in doc.sections for part in (section.header, section.footer) for p in part.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells + margins)


def xlsx_text(data: bytes) -> str:
    """Every cell of every sheet of a workbook."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for v in row if v is not None)


def json_text(node: Any) -> str:
    """A JSON document's keys and strings, but those it says are Chinese: a column's `zh` header, and a name beside
    its English (`name` with `name_en`: a program picks the one it reads)."""
    if isinstance(node, dict):
        return "\n".join(f"{key}\n{json_text(value)}" for key, value in node.items()
                         if key != "zh" and f"{key}_en" not in node)
    if isinstance(node, list):
        return "\n".join(json_text(value) for value in node)
    return str(node)


def download_text(path: str, content_type: str, body: bytes) -> str:
    """A download's words, by what it is: a workbook's cells, a document's paragraphs, JSON's strings, HTML's
    visible text (a brief's PDF is printed from it), else its text."""
    if path.endswith(("xlsx", "/docx")):
        return xlsx_text(body) if path.endswith("xlsx") else docx_text(body)
    if "json" in content_type:
        return json_text(json.loads(body))
    if "html" in content_type:
        return visible(body.decode())
    return body.decode("utf-8")
