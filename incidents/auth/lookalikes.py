"""Usernames that pass for one another: a skeleton to compare them by, and names that mix lookalike alphabets.

"аdmin" with a Cyrillic а, "ａｄｍｉｎ" typed full width and "Admin" all read as admin on a screen; an
administrator who creates one beside admin makes an account that a reviewer or an audit row mistakes for
the other. The lookalike letters are Unicode's (TR39) as the confusable_homoglyphs package ships them.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from typing import Any

import sqlalchemy as sa
from confusable_homoglyphs import categories, confusables

from incidents.limits import BLANK_LOOKING

# Scripts that may share a name, as Unicode's "highly restrictive" level allows: a Chinese name with Latin
# initials (wfq管理员) or a Japanese or Korean one. Latin beside Cyrillic or Greek is how lookalikes are made.
TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
# Digits, punctuation and combining marks belong to no one script.
NO_SCRIPT = frozenset({"COMMON", "INHERITED"})


def _ideograph(char: str) -> bool:
    """Whether a character is a Chinese character proper (CJK Unified Ideographs, any block)."""
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


@functools.lru_cache(maxsize=4096)
def _prototype(char: str) -> str:
    """The ASCII letter or digit a character beyond ASCII passes for (Cyrillic а is a), else the Chinese character
    a sign that is none passes for (the radical ⻄ is 西, katakana エ is 工), else the character itself.

    ASCII is left alone: names that differ there (li and l1) are told apart by anyone who reads them twice; so are
    Chinese characters (口 and 囗 are two words).
    """
    if char.isascii() or _ideograph(char):
        return char
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[])
    glyphs = [h["c"] for h in found[0]["homoglyphs"] if len(h["c"]) == 1] if found else []
    ascii_like = [c.casefold() for c in glyphs if c.isascii() and c.isalnum()]
    # NFKC already makes a Kangxi radical (⼤) its character; the radicals supplement (⻄ ⻢ ⻩, which a phone's
    # keyboard may offer) and katakana that read as characters are left to this: ⻄关街道 was another place.
    han_like = [c for c in glyphs if _ideograph(c)]
    return min(ascii_like) if ascii_like else min(han_like) if han_like else char


def skeleton(name: str) -> str:
    """What a name looks like: NFKC, case folded, each character beyond ASCII as the ASCII one (or the Chinese
    character) it passes for.

    Two names with the same skeleton are confusable ("аdmin", "ａｄｍｉｎ", "Admin" and "admin" share one).
    """
    # A mark that shows nothing (limits.BLANK_LOOKING: the combining grapheme joiner, a variation selector), which a
    # name may keep after a character, makes "admin" + U+034F another name that reads as admin: left out here.
    return "".join(_prototype(c) for c in unicodedata.normalize("NFKC", BLANK_LOOKING.sub("", name)).casefold())


def mixes_scripts(name: str) -> bool:
    """Whether a name mixes alphabets beyond what Unicode's highly restrictive level allows (Latin with Cyrillic)."""
    scripts = {categories.alias(c) for c in unicodedata.normalize("NFKC", name)} - NO_SCRIPT
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in TOGETHER)


def twin_key(name: str) -> str:
    """A name's skeleton as a SHA-256 digest: what the unique twin indexes of events' codes and usernames hold."""
    return hashlib.sha256(skeleton(name).encode()).hexdigest()


def set_twin_keys(conn: sa.Connection) -> list[str]:
    """Every event's and user's twin key (migration a1b2c3d4e5f7, and a restore of an archive before it).

    Of a pair stored before the rule (FX2021 and fx2021), the first keeps its key and the others none, so the index
    is made; said, one line a pair.
    """
    said: list[str] = []
    for table, column in (("events", "code"), ("users", "username")):
        t = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.String), sa.column("twin_key", sa.String))
        seen: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for i, name in conn.execute(sa.select(t.c.id, t.c[column]).order_by(t.c.id)):
            key = twin_key(name)
            first = seen.setdefault(key, i)
            if first != i:
                said.append(f"{table} #{i} ({column} {name!r}) reads the same as #{first}: kept, without a twin key")
            rows.append({"i": i, "k": key if first == i else None})
        if rows:
            conn.execute(t.update().where(t.c.id == sa.bindparam("i")).values(twin_key=sa.bindparam("k")), rows)
    return said
