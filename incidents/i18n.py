"""Translation catalogs: one per domain (incidents/<domain>/translations), zh is the only catalog.

Message ids are English; the interface shows Chinese by default. Each domain keeps its own
catalog so that work on one domain never edits another's file.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from incidents.config import ROOT

PACKAGE = ROOT / "incidents"
TEMPLATES = ROOT / "templates"
LOCALE = "zh"
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
# Files outside a domain folder belong to the "core" catalog.
DOMAINS = ["core", "auth", "events", "areas", "reports", "timelines", "maps", "briefs", "audit", "imports", "api",
           "offline", "distribution"]


def catalog_dir(domain: str) -> Path:
    """Where a domain's catalog lives."""
    return PACKAGE / ("translations" if domain == "core" else f"{domain}/translations")


def po_path(domain: str) -> Path:
    """The .po file of a domain."""
    return catalog_dir(domain) / LOCALE / "LC_MESSAGES" / "messages.po"


def _sources(domain: str) -> list[tuple[Path, bool]]:
    if domain == "core":
        # Top-level modules and templates not in a domain folder.
        return [(PACKAGE, False), (TEMPLATES, False)]
    return [(PACKAGE / domain, True), (TEMPLATES / domain, True)]


def extract(domain: str) -> Catalog:
    """Every message id used by a domain's code and templates."""
    catalog = Catalog(locale=LOCALE, project="incidents")
    for folder, recursive in _sources(domain):
        if not folder.exists():
            continue
        for filename, lineno, message, comments, _context in extract_from_dir(
                folder, METHODS, keywords=KEYWORDS, options_map={"**.html": {"extensions": "jinja2.ext.do"}}):
            path = folder / filename
            if not recursive and len(path.relative_to(folder).parts) > 1 and not (
                    folder == TEMPLATES and path.relative_to(folder).parts[0] in ("errors",)):
                continue
            catalog.add(message, locations=[(str(path.relative_to(ROOT)), lineno)],
                        auto_comments=comments)
    return catalog


def load(domain: str) -> Catalog:
    """The domain's current catalog (empty if none yet)."""
    path = po_path(domain)
    if not path.exists():
        return Catalog(locale=LOCALE)
    with path.open("rb") as f:
        return read_po(f, locale=LOCALE)


def update(domain: str) -> list[str]:
    """Merge newly used ids into the .po (keeping translations); return the untranslated ids."""
    template = extract(domain)
    catalog = load(domain)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    path = po_path(domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True)
    compile_mo(domain)
    return missing(domain)


def missing(domain: str) -> list[str]:
    """Ids used in code or templates with no (or a fuzzy) Chinese translation."""
    catalog = load(domain)
    used = extract(domain)
    out = []
    for message in used:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        text = translated.string if translated else None
        if isinstance(text, tuple | list):
            text = text[0] if all(text) else None
        if not text or (translated and translated.fuzzy):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def compile_mo(domain: str) -> bytes:
    """Write the .mo beside the .po; return its bytes."""
    buf = BytesIO()
    write_mo(buf, load(domain))
    data = buf.getvalue()
    (po_path(domain).with_suffix(".mo")).write_bytes(data)
    return data


def translate(domain: str, mapping: dict[str, str]) -> int:
    """Set Chinese strings for ids in a domain's catalog (developer helper); returns how many."""
    catalog = load(domain)
    done = 0
    for msgid, text in mapping.items():
        message = catalog.get(msgid)
        if message is not None:
            message.string = text
            message.flags.discard("fuzzy")
            done += 1
    with po_path(domain).open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True)
    compile_mo(domain)
    return done
