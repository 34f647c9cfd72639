"""What a new password must not be, beyond its length: the username, nor one of the commonest passwords."""

from __future__ import annotations

from functools import cache

from incidents.config import ROOT
from incidents.errors import Message

# Django's list of common passwords, those of 10+ characters (shorter ones fail on length): data/ names its source.
COMMON_PASSWORDS_FILE = ROOT / "data" / "common-passwords.txt"
# A username this short ("li", "wu") is in too many good passwords to refuse them for it; equal to it still is.
SHORTEST_NAME_SEARCHED = 3
# A unit this short said again and again (bbbbbbbbbbbb, ten 。, 121212121212) is guessed as soon as a listed password:
# the list holds aaaaaaaaaa and 1111111111, not every character nor every count.
REPEATED_UNIT_AT_MOST = 3
# A Message, as every refusal of the accounts domain (auth/services.py): localized where it is shown. A Flask-Babel lazy
# string here was read outside any request by the command line's refusal, a RuntimeError instead of the word.
_l = Message


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower case (read once)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def weakness(password: str, username: str | None) -> Message | None:
    """Why a password long enough is still refused (a lazy message), or None."""
    folded, name = password.casefold(), (username or "").strip().casefold()
    if name and (folded == name or len(name) >= SHORTEST_NAME_SEARCHED and name in folded):
        return _l("must not contain the username")
    if folded.strip() in common_passwords():
        return _l("is one of the most common passwords: choose one less easy to guess")
    if _repeated_or_in_order(folded):
        return _l("is a few characters repeated or a run in order (as bbbbbbbbbb, abcdefghij): "
                  "choose one less easy to guess")
    return None


def _repeated_or_in_order(folded: str) -> bool:
    """Made of one to REPEATED_UNIT_AT_MOST characters said over, or of characters each next to the last in order."""
    n = len(folded)
    if any((folded[:k] * (n // k + 1))[:n] == folded for k in range(1, REPEATED_UNIT_AT_MOST + 1)):
        return True
    steps = {ord(b) - ord(a) for a, b in zip(folded, folded[1:], strict=False)}
    return steps in ({1}, {-1})
