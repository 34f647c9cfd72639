"""Chinese runs marked on an English page (written.written_runs, figures first too) wrap text in spans and do nothing
else: whatever people typed (<, &, quotes, entities, figures beside Chinese) stays text, in attributes, textareas and
scripts as in the page's own text, and the page's elements and attributes are those it had."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from incidents.written import written_runs

PAGE = Environment(autoescape=True).from_string(
    '<p title="{{ t }}" data-x=\'{{ t|tojson }}\'>{{ t }} and <b>{{ t }}</b></p><textarea>{{ t }}</textarea>'
    '<select><option value="{{ t }}">{{ t }}</option></select><script>var t = {{ t|tojson }};</script>'
    '<p lang="zh-CN">{{ t }}<i>{{ t }}</i>{{ t }}</p>')
TYPED = st.lists(st.sampled_from(list("北大街号楼年月日中文0123456789<>&\"';#x/:.- ab“”") +
                                ["&#39;", "&amp;", "&lt;", "</p>", "<b>", "&#12345;", "2021年"]),
                max_size=30).map("".join)


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if (tag, attrs) != ("span", [("lang", "zh-CN")]):
            self.events.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag != "span":
            self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))


def _read(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_marking_leaves_what_people_typed_as_text(typed):
    page = PAGE.render(t=typed)
    marked = str(written_runs(Markup(page), "en"))  # a {% filter written_runs %} block is Markup
    assert _read(marked) == _read(page)
    for raw in ("textarea", "script", "option"):  # no span enters an element that shows no markup
        inside = marked.split(f"<{raw}", 1)[1].split(f"</{raw}>", 1)[0]
        assert 'lang="zh-CN"' not in inside, (typed, inside)
