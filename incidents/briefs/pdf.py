"""The brief as an A4 PDF made on the server: the print page's HTML rendered by WeasyPrint.

WeasyPrint lays out HTML and CSS in Python (Pango for text, system fonts through fontconfig), so
the server needs no browser process. The PDF is the print page: the same `brief_body` macro,
the same stylesheet read in print media, the same SVG charts and map. Nothing is fetched from
the network: the fetcher reads static/ and data: URLs only and refuses everything else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from incidents.briefs.charts import map_parts, trend_charts
from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading
from incidents.config import ROOT

STATIC = (ROOT / "static").resolve()
TEMPLATE = "briefs/pdf.html"


@lru_cache(maxsize=1)
def _templates() -> Environment:
    """Jinja over the app's templates, without Flask: the scheduler sends e-mail outside any request."""
    return Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=select_autoescape(),
                       auto_reload=False)


def allowed(url: str) -> bool:
    """A URL the PDF may read: a data: URL or a file inside static/ (never http, https or ftp)."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(url2pathname(parts.path)).resolve().is_relative_to(STATIC)


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    """WeasyPrint's fetcher limited to `allowed` URLs (made on first use: weasyprint loads Pango)."""
    from weasyprint import URLFetcher

    class LocalOnly(URLFetcher):
        """Reads static/ and data: URLs; any other URL is refused before a socket opens."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed(url):
                raise ValueError(f"pdf: refused to fetch {url[:120]}")
            return super().fetch(url, headers)

    return LocalOnly


def brief_html(content: BriefContent, lang: str = "zh") -> str:
    """The PDF's HTML: the print page's body (charts and map included) in one language."""
    r = Reading(content, lang)
    return _templates().get_template(TEMPLATE).render(r=r, charts=[Markup(c) for c in trend_charts(r)],
                                                      bmap=map_parts(r))


def html_to_pdf(html: str) -> bytes:
    """HTML to PDF in print media, relative URLs read from static/, nothing from the network."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher_class()(timeout=1),
                    media_type="print")
    pdf: bytes = document.write_pdf()
    return pdf


def as_pdf(content: BriefContent, lang: str = "zh") -> bytes:
    """The brief as an A4 PDF (fonts from the system: Noto CJK renders the Chinese)."""
    return html_to_pdf(brief_html(content, lang))

