"""Chinese left on an English page or brief: every run of Chinese outside the data's own strings."""

from __future__ import annotations

import re
from html import unescape

import sqlalchemy as sa

from incidents.models import Base

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
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # An element that says it is Chinese (the language switch's 中文) is meant to be read so.
    html = re.sub(r'<(\w+)[^>]*\blang="zh[^"]*"[^>]*>.*?</\1>', " ", html, flags=re.S)
    shown = " ".join(re.findall(r'(?:title|alt|aria-label|placeholder)="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + shown)
