"""The brief as an A4 PDF made on the server: the print page's HTML rendered by WeasyPrint.

WeasyPrint lays out HTML and CSS in Python (Pango for text, system fonts through fontconfig), so
the server needs no browser process. The PDF is the print page: the same `brief_body` macro,
the same stylesheet read in print media, the same SVG charts and map. Nothing is fetched from
the network: the fetcher reads static/ and data: URLs only and refuses everything else.
"""

from __future__ import annotations

import hashlib
import os
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
from incidents.formatting import keep_clauses, keep_figures, keep_halves, keep_units
from incidents.written import written_runs

STATIC = (ROOT / "static").resolve()
TEMPLATE = "briefs/pdf.html"
# PDFs kept in a server's cache folder: the newest, by when each was last written.
KEPT = 200


@lru_cache(maxsize=1)
def _templates() -> Environment:
    """Jinja over the app's templates, without Flask: the scheduler sends e-mail outside any request."""
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=select_autoescape(),
                      auto_reload=False)
    env.filters["keep_units"] = keep_units  # the brief's running text, as on the page
    env.filters["keep_clauses"] = keep_clauses  # 二、分街道's power cells, as on the page
    env.filters["keep_halves"] = keep_halves  # 二、分街道's period / to date cells, as on the page
    env.filters["keep_figures"] = keep_figures  # 二、分街道's disinfection cells, as on the page
    env.filters["written_runs"] = written_runs  # an English brief's Chinese names and texts marked, as on the page
    return env


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



@lru_cache(maxsize=1)
def _styles_digest() -> bytes:
    """The stylesheets' bytes, digested: a PDF made under older styles is made again after an upgrade."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.glob("*.css")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _cache_file(folder: Path, html: str) -> Path:
    return folder / (hashlib.sha256(_styles_digest() + html.encode()).hexdigest() + ".pdf")


def cached(folder: Path, html: str) -> bytes | None:
    """The PDF made before from this very HTML (a brief revision never changes), or None."""
    try:
        return _cache_file(folder, html).read_bytes()
    except FileNotFoundError:
        return None


def keep(folder: Path, html: str, pdf: bytes) -> bytes:
    """Keep a PDF made from `html` for the next reader (written whole, then renamed: a reader never
    sees half a file); the oldest beyond KEPT are dropped. Returns the PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    target = _cache_file(folder, html)
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(pdf)
    partial.replace(target)
    kept = sorted(folder.glob("*.pdf"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in kept[KEPT:]:
        old.unlink(missing_ok=True)
    return pdf
