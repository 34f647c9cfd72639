"""People's own words on a page, marked with their language: Chinese on an English page as lang=zh-CN (a screen
reader's Chinese voice), whole texts (`as_written`) or run by run in English the product composes (`written_runs`)."""

from __future__ import annotations

import re
from bisect import bisect_right

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
_HAN_RUN = f"[{_HAN}](?:(?:[{_HAN}“”‘’0-9.,:/·~\\- ]|{_KEPT_HAN})*(?:[{_HAN}”’]|{_KEPT_HAN}))?"
_RUN = re.compile(_HAN_RUN)
# The elements no span may enter: an SVG's text, a script, a form control's option.
_UNMARKABLE = ("svg", "script", "style", "title", "textarea", "option", "select")


def _unmarkable(html: str) -> list[tuple[int, int]]:
    """Where in `html` no span may go: each outermost unmarkable element's content, as (start, end) in order."""
    # str.find, not a regex tried at each of a page's tags (2.7 MB: 0.23 s); the tags are the product's, lower case.
    tags: list[tuple[int, bool, int]] = []  # (where, closing, its end)
    for name in _UNMARKABLE:
        for opener in (f"<{name}", f"</{name}"):
            at = html.find(opener)
            while at >= 0:
                after, end = at + len(opener), html.find(">", at)
                # Not <svgx, nor an empty <x/>.
                if end > 0 and html[after:after + 1] in (" ", "\t", "\n", "/", ">") and html[end - 1] != "/":
                    tags.append((at, opener[1] == "/", end + 1))
                at = html.find(opener, after)
    spans: list[tuple[int, int]] = []
    depth, opened = 0, 0
    for at, closing, end in sorted(tags):
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


def written_runs(html: object, page_lang: str) -> Markup:
    """A stretch of page mixing the interface's English with what people wrote in Chinese (names, titles, sources,
    in sentences the product composes): on an English page each Chinese run is marked lang=zh-CN, as `as_written`
    marks a whole text. Tags, runs marked already and the text of elements no span may enter are left as they are."""
    text = str(html if isinstance(html, Markup) else escape(html))
    if page_lang != "en" or not CJK.search(text):
        return Markup(text)
    # Only the runs are visited (a page's tags are many, its Chinese runs few): each looks back to the tag before it.
    unmarkable = _unmarkable(text)
    starts = [start for start, _end in unmarkable]

    def mark(m: re.Match[str]) -> str:
        at = m.start()
        k = bisect_right(starts, at) - 1
        if k >= 0 and at < unmarkable[k][1]:
            return m.group()
        opened, closed = text.rfind("<", 0, at), text.rfind(">", 0, at)
        if opened > closed or (opened >= 0 and 'lang="zh' in text[opened:closed]):  # in a tag; marked already
            return m.group()
        return _ZH.format(m.group())

    return Markup(_RUN.sub(mark, text))
