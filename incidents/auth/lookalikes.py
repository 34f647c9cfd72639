"""Usernames that pass for one another: a skeleton to compare them by, and names that mix lookalike alphabets.

"аdmin" with a Cyrillic а, "ａｄｍｉｎ" typed full width and "Admin" all read as admin on a screen; an
administrator who creates one beside admin makes an account that a reviewer or an audit row mistakes for
the other. The lookalike letters are Unicode's (TR39) as the confusable_homoglyphs package ships them.
"""

from __future__ import annotations

import functools
import unicodedata

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


@functools.lru_cache(maxsize=4096)
def _prototype(char: str) -> str:
    """The ASCII letter or digit a character beyond ASCII passes for (Cyrillic а is a), else the character itself.

    ASCII is left alone: names that differ there (li and l1) are told apart by anyone who reads them twice.
    """
    if char.isascii():
        return char
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[])
    ascii_like = [h["c"].casefold() for h in found[0]["homoglyphs"]
                  if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()] if found else []
    return min(ascii_like) if ascii_like else char


def skeleton(name: str) -> str:
    """What a name looks like: NFKC, case folded, each character beyond ASCII as the ASCII one it passes for.

    Two names with the same skeleton are confusable ("аdmin", "ａｄｍｉｎ", "Admin" and "admin" share one).
    """
    # A mark that shows nothing (limits.BLANK_LOOKING: the combining grapheme joiner, a variation selector), which a
    # name may keep after a character, makes "admin" + U+034F another name that reads as admin: left out here.
    return "".join(_prototype(c) for c in unicodedata.normalize("NFKC", BLANK_LOOKING.sub("", name)).casefold())


def mixes_scripts(name: str) -> bool:
    """Whether a name mixes alphabets beyond what Unicode's highly restrictive level allows (Latin with Cyrillic)."""
    scripts = {categories.alias(c) for c in unicodedata.normalize("NFKC", name)} - NO_SCRIPT
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in TOGETHER)
