"""People's own words on a page, marked with their language: Chinese on an English page as lang=zh-CN (a screen
reader's Chinese voice), whole texts (`as_written`) or run by run in English the product composes (`written_runs`)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from markupsafe import Markup, escape

# A Chinese character (the CJK ideographs): text that holds one is marked, or kept whole as Chinese is.
CJK = re.compile(r"[\u3400-\u9fff]")


def as_written(text: object, page_lang: str) -> Markup:
    """People's own words on a page: Chinese on an English page marked lang=zh-CN, for a screen reader's voice."""
    html = text if isinstance(text, Markup) else escape(text)
    if page_lang == "en" and CJK.search(str(html)):
        return Markup(_ZH.format(html))
    return Markup(html)


_ZH = '<span lang="zh-CN">{}</span>'
# A run of Chinese inside English words (a brief's line: 区文广体旅局…检查天宁寺 (source: 《安阳日报》…)): it starts
# with a Chinese character or mark, ends with one or a closing quote, and may hold figures between (彰德路64号院), and
# keep_units' no-break pieces that hold Chinese whole (专版（2021年7月30日后刊: its 2021 read in the Chinese voice too).
_HAN = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\U00020000-\U0003ffff"
_KEPT_HAN = f'<span class="nb">[^<]*[{_HAN}][^<]*</span>'
# It starts with a character, never with a tag: tried at every tag of a page, that took 13x as long (2.7 MB: 0.38 s).
# Or with the figures a Chinese word begins with (2021年7月24日北大街, 3号楼, 2021-07-24北区): left out, a screen
# reader said the year in English and the rest in Chinese. Not a figure of an English word's (A3号) or an entity's.
_LEAD = "(?<![A-Za-z0-9&#])[0-9](?:[0-9.:/\\-]*[0-9])?"
_HAN_RUN = (f"(?:{_LEAD})?[{_HAN}](?:(?:[{_HAN}“”‘’0-9.,:/·~\\- ]|{_KEPT_HAN})*(?:[{_HAN}”’]|{_KEPT_HAN}))?")
_RUN = re.compile(_HAN_RUN)
# The elements no span may enter: an SVG's text, a script, a form control's option.
_UNMARKABLE = ("svg", "script", "style", "title", "textarea", "option", "select")


def _tags(html: str, name: str) -> list[tuple[int, bool, int]]:
    """Every <name …> and </name> tag of `html` (not <namex, nor an empty <name/>): (where, closing, its end)."""
    # str.find, not a regex tried at each of a page's tags (2.7 MB: 0.23 s); the tags are the product's, lower case.
    found: list[tuple[int, bool, int]] = []
    for opener in (f"<{name}", f"</{name}"):
        at = html.find(opener)
        while at >= 0:
            after, end = at + len(opener), html.find(">", at)
            if end > 0 and html[after:after + 1] in (" ", "\t", "\n", "/", ">") and html[end - 1] != "/":
                found.append((at, opener[1] == "/", end + 1))
            at = html.find(opener, after)
    return sorted(found)


def _unmarkable(html: str) -> list[tuple[int, int]]:
    """Where in `html` no span may go: each outermost unmarkable element's content, as (start, end) in order."""
    spans: list[tuple[int, int]] = []
    depth, opened = 0, 0
    for at, closing, end in sorted(tag for name in _UNMARKABLE for tag in _tags(html, name)):
        if not closing:
            opened = end if depth == 0 else opened
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, at))
    if depth:
        spans.append((opened, len(html)))
    return spans


def _closing(tags: list[tuple[int, bool, int]], after: int, length: int) -> int:
    """Where the element opened just before `after` closes, by its kind's `tags` (nested ones counted), or `length`."""
    depth = 1
    for k in range(bisect_left(tags, (after,)), len(tags)):  # by index: a slice copied the rest for each element
        at, closing, _end = tags[k]
        depth += -1 if closing else 1
        if depth == 0:
            return at
    return length


class _TagBehind:
    """Whether a point of a page is inside a tag, asked at points that only move forward: each stretch read once."""

    # rfind back to the page's start at each point was quadratic on a long text without tags (560 KB of a
    # person's words: 2.05 s); between the last point asked and this one is all there is new to read.
    def __init__(self, html: str) -> None:
        self.html, self.read, self.lt, self.gt = html, 0, -1, -1

    def inside(self, at: int) -> bool:
        """Whether `at` (no earlier than the last point asked) lies after a tag's "<" and before its ">"."""
        if at > self.read:
            self.lt = max(self.lt, self.html.rfind("<", self.read, at))
            self.gt = max(self.gt, self.html.rfind(">", self.read, at))
            self.read = at
        return self.lt > self.gt

    def opened(self) -> int:
        """Where the last "<" before the last point asked is (-1: none)."""
        return self.lt


def _marked(html: str) -> list[tuple[int, int]]:
    """Where in `html` Chinese is marked already: each outermost lang="zh…" element's content, (start, end) in order."""
    # Its whole content, not only the text after its opening tag: a run after an element inside it (北大街<b>x</b>街道,
    # a no-break figure then 以上) was marked again, a lang=zh-CN span inside another.
    spans: list[tuple[int, int]] = []
    tags: dict[str, list[tuple[int, bool, int]]] = {}  # each marked element's kind's tags, found once
    behind = _TagBehind(html)
    at = html.find(' lang="zh')
    while at >= 0:
        in_tag, opened, end = behind.inside(at), behind.opened(), html.find(">", at)
        name = re.match(r"[a-z][a-z0-9]*", html[opened + 1:opened + 12]) if opened >= 0 else None
        if end < 0 or name is None or not in_tag:  # not in a tag: words people wrote
            at = html.find(' lang="zh', at + 1)
            continue
        kind = name.group()
        if kind not in tags:
            tags[kind] = _tags(html, kind)
        closes = _closing(tags[kind], end + 1, len(html))
        spans.append((end + 1, closes))
        at = html.find(' lang="zh', closes)
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, those that overlap (a marked element holding an SVG) as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def written_runs(html: object, page_lang: str) -> Markup:
    """A stretch of page mixing the interface's English with what people wrote in Chinese (names, titles, sources,
    in sentences the product composes): on an English page each Chinese run is marked lang=zh-CN, as `as_written`
    marks a whole text. Tags, runs marked already and the text of elements no span may enter are left as they are."""
    text = str(html if isinstance(html, Markup) else escape(html))
    if page_lang != "en" or not CJK.search(text):
        return Markup(text)
    # Only the runs are visited (a page's tags are many, its Chinese runs few): each looks back to the tag before it.
    left = _merged(_unmarkable(text) + _marked(text))  # no span goes there, or one is there already
    starts = [start for start, _end in left]
    behind = _TagBehind(text)  # the runs come in order

    def mark(m: re.Match[str]) -> str:
        at = m.start()
        k = bisect_right(starts, at) - 1
        if behind.inside(at) or (k >= 0 and at < left[k][1]):
            return m.group()
        return _ZH.format(m.group())

    return Markup(_RUN.sub(mark, text))
