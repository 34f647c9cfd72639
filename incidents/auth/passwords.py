"""What a new password must not be, beyond its length: the username, nor one of the commonest passwords."""

from __future__ import annotations

from functools import cache

from incidents.config import ROOT
from incidents.errors import Message

# Django's list of common passwords, those of 10+ characters (shorter ones fail on length): data/ names its source.
COMMON_PASSWORDS_FILE = ROOT / "data" / "common-passwords.txt"
# A username this short ("li", "wu") is in too many good passwords to refuse them for it; equal to it still is.
SHORTEST_NAME_SEARCHED = 3
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
    return None
