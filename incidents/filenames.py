"""A file name built from what people type (an event's code), safe in a header and on a disk."""

from __future__ import annotations

import re

# Characters no file name may carry into a header: controls (CR/LF end a header), line separators, quotes.
UNSAFE_IN_NAME = re.compile('[\x00-\x1f\x7f\u2028\u2029"\\\\]')


def safe_name(name: str) -> str:
    """The name with each character no file name may carry (UNSAFE_IN_NAME) as "_"."""
    return UNSAFE_IN_NAME.sub("_", name)
