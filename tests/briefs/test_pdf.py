"""The brief's PDF, made on the server: A4, its words and figures as text, Chinese in Noto CJK, no network."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from incidents.briefs import formats, pdf, services
from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading

from .conftest import compile_seed, day_of, local

pytestmark = pytest.mark.any_database  # the PDF laid out from a brief's content (tests/conftest.py)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


class Reached:
    """Every name lookup and connection a block of code attempts (none is let through)."""

    def __init__(self) -> None:
        self.attempts: list[Any] = []

    def __enter__(self) -> Reached:
        self._patch = pytest.MonkeyPatch()

        def refuse(*args: Any, **kw: Any) -> None:
            self.attempts.append(args[:2])
            raise OSError("network touched")

        self._patch.setattr(socket, "getaddrinfo", refuse)
        self._patch.setattr(socket.socket, "connect", refuse)
        self._patch.setattr(socket, "create_connection", refuse)
        return self

    def __exit__(self, *exc: object) -> None:
        self._patch.undo()


@pytest.fixture(scope="module")
def rendered(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The 07-24 brief and its Chinese PDF, rendered once with every socket refused (and timed)."""
    content = compile_seed(db_url, str(tmp_path_factory.mktemp("pdf")), local("2021-07-25 08:00"), 3)["2021-07-24"]
    formats.as_pdf(content, "en")  # warm: the first PDF loads fonts; the figure below is a warm one
    asked: list[str] = []
    check = pdf.allowed
    with Reached() as reached, pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "allowed", lambda url: asked.append(url) or check(url))
        started = time.perf_counter()
        data = formats.as_pdf(content, "zh")
        seconds = time.perf_counter() - started
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "brief-2021-07-24.pdf").write_bytes(data)
    print(f"brief PDF rendered in {seconds:.2f} s ({len(data):,} bytes)")
    return {"content": content, "pdf": data, "seconds": seconds, "attempts": reached.attempts, "asked": asked}


def _text(data: bytes, layout: bool = False) -> str:
    """The PDF's text as poppler reads it (what a search or a screen reader gets); `layout`: lines in
    the order they stand on the page, top to bottom."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def _squeezed(text: str) -> str:
    """Text without the spaces and line breaks the layout put between characters."""
    return re.sub(r"\s+", "", text)


def test_pdf_touches_no_network(rendered):
    data = rendered["pdf"]
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    assert rendered["attempts"] == []
    # All it reads is our stylesheet: the charts and the map are inline SVG, the fonts the system's.
    assert rendered["asked"] == [pdf.STATIC.as_uri() + "/briefs.css"]


@needs_poppler
def test_pdf_is_a4_with_the_title_and_chinese_fonts_embedded(rendered):
    info = subprocess.run(["pdfinfo", "-"], input=rendered["pdf"], capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info and "Title:           文峰区防汛救灾工作日报 第3期" in info
    fonts = subprocess.run(["pdffonts", "-"], input=rendered["pdf"], capture_output=True, check=True).stdout.decode()
    # Chinese set in Noto CJK and embedded: no tofu, no reader-side font substitution.
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC" in fonts and " no " not in fonts


@needs_poppler
def test_pdf_text_has_the_title_number_and_figures(rendered):
    content: BriefContent = rendered["content"]
    r = Reading(content, "zh")
    text = _squeezed(_text(rendered["pdf"]))
    assert r.title == "文峰区防汛救灾工作日报" and r.title in text
    assert "第3期" in text
    for heading in ("一、总体情况", "二、分街道（镇）情况", "五、数据质量"):
        assert heading in text
    # Figures as the brief states them (the key-figures table and a subdistrict's row).
    figures = formats.csv_table(content, "figures", "zh").rows
    stated = [row for row in figures if any(ch.isdigit() for ch in row[2])]
    assert stated and all(_squeezed(row[0]) in text and _squeezed(row[2]) in text for row in stated)
    assert "约21:00" in text and "银杏大街街道" in text
    # Print layout, not the phone's: the activity table's place is its own column, not in the time cell.
    assert "7月24日·文峰汇" not in text


def test_refused_urls_are_never_fetched(monkeypatch):
    html = ('<html><head><link rel="stylesheet" href="https://fonts.example.com/a.css">'
            '<style>@font-face { font-family: X; src: url(http://example.com/x.woff2) } body { font-family: X }'
            '</style></head><body><p>外部资源</p><img src="http://example.com/a.png">'
            '<img src="file:///etc/hostname"><img src="ftp://example.com/b.png"></body></html>')
    asked: dict[str, bool] = {}
    check = pdf.allowed
    monkeypatch.setattr(pdf, "allowed", lambda url: asked.setdefault(url, check(url)))
    with Reached() as reached:
        data = pdf.html_to_pdf(html)
    assert data.startswith(b"%PDF-") and reached.attempts == []
    assert asked == {"https://fonts.example.com/a.css": False, "http://example.com/x.woff2": False,
                     "http://example.com/a.png": False, "file:///etc/hostname": False,
                     "ftp://example.com/b.png": False}
    assert pdf.allowed(pdf.STATIC.as_uri() + "/briefs.css") and pdf.allowed("data:text/css,p{}")
    assert not pdf.allowed(pdf.STATIC.as_uri() + "/../config.toml")


def test_pdf_download_from_the_brief_page(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    auth.login("viewer1")
    page = client.get(f"/events/{rainstorm.id}/briefs").get_data(as_text=True)
    brief_id = int(re.search(r'href="/briefs/(\d+)"', page).group(1))
    html = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    assert f'/briefs/{brief_id}/export/pdf?lang=zh"' in html and f'/briefs/{brief_id}/export/docx?lang=zh"' in html
    with Reached() as reached:
        got = client.get(f"/briefs/{brief_id}/export/pdf?lang=zh")
    assert got.status_code == 200 and got.mimetype == "application/pdf" and got.data.startswith(b"%PDF-")
    assert got.headers["Content-Disposition"] == \
        'attachment; filename="brief-wenfeng-2021-07-rainstorm-2021-07-24-r1.pdf"'
    assert reached.attempts == []
    anonymous = client.application.test_client()
    assert anonymous.get(f"/briefs/{brief_id}/export/pdf").status_code in (302, 401)


def test_api_documents_the_pdf(app):
    from incidents.api.docs import build_spec

    with app.test_request_context():
        spec = build_spec(app)
    read = spec["paths"]["/api/v1/briefs/{brief_id}/{fmt}"]["get"]
    assert "application/pdf" in read["responses"]["200"]["content"]
    assert "pdf" in next(p for p in read["parameters"] if p["name"] == "fmt")["schema"]["enum"]


@needs_poppler
def test_pdf_pages_are_numbered(rendered):
    """Each page carries its number at the foot ("— 2 —"): loose printouts of a brief go back in order."""
    # By position: in reading order a table's header cell may come out after the foot's number.
    pages = _text(rendered["pdf"], layout=True).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"—{n}—" == _squeezed(page.strip().splitlines()[-1])


@needs_poppler
def test_pages_after_the_first_carry_the_title_and_number_at_their_head(rendered):
    """A loose page of a brief says which brief it belongs to: "文峰区防汛救灾工作日报 第3期" atop pages 2 on."""
    pages = [p for p in _text(rendered["pdf"], layout=True).split("\f") if p.strip()]
    assert len(pages) >= 2
    for page in pages[1:]:
        assert _squeezed(page.strip().splitlines()[0]) == "文峰区防汛救灾工作日报第3期"
    assert _squeezed(pages[0].strip().splitlines()[0]) == "文峰区防汛救灾工作日报"  # the masthead, no head above it


@needs_poppler
def test_the_charts_and_map_start_on_page_one_under_the_overview(rendered):
    """Page 1 is not left 40% blank: the charts and the map fit under the 07-24 overview (a float too tall
    for what is left of a page goes to the next one whole, its neighbour with it)."""
    first = _squeezed(_text(rendered["pdf"], layout=True).split("\f")[0])
    assert "每日24时仍停电（处）" in first and "本时段末各地点状态" in first


# The power paragraph of a drill's brief, as compiled (12-03): its second line has one space, before "02:05".
DRILL_POWER = ("截至12月3日 02:14，仍停电0处；本日恢复供电4栋、120户；本日全部恢复供电的停电点1处（彰德路64号院于"
               "12月3日 02:05恢复）。累计报告停电1处，已恢复1处；停电峰值4栋，已恢复100%；停电峰值120户，已恢复100%。")


@needs_poppler
def test_pdf_paragraphs_have_no_stretched_gaps(rendered):
    """A justified Chinese line stretched at its one space ("12月3日        02:05") reads as a hole in the
    printed brief: WeasyPrint justifies at spaces alone, so the PDF's paragraphs are set flush left."""
    html = pdf.brief_html(rendered["content"], "zh")
    html = re.sub(r'(<p class="para"><strong>[^<]*</strong>)[^<]*', lambda m: m.group(1) + DRILL_POWER, html, count=1)
    text = _text(pdf.html_to_pdf(html), layout=True)
    overview = text[text.index("一、总体情况"):text.index("排涝")]
    lines = [line.strip() for line in overview.splitlines() if line.strip()]
    assert len(lines) >= 3 and "02:05" in overview
    assert [line for line in lines if re.search(r"\S {3,}\S", line)] == []
