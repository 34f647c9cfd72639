"""Check the XLSX `_xHHHH_` escapes against a real spreadsheet program: LibreOffice Calc, headless.

Not part of the test suite (it needs LibreOffice: Debian's `apt-get install -y --no-install-recommends
libreoffice-calc-nogui`). Three checks, each a table of the text typed, what LibreOffice shows and what the import reads
(docs/imports.md, "XLSX escapes in LibreOffice"):

1. our download (`tables.to_xlsx`) opened in LibreOffice and saved as CSV: each cell shows as typed;
2. the text typed into LibreOffice (a UTF-8 CSV opened there) saved as XLSX, imported (`xlsx_reading.xlsx_rows`): the
   import reads the text the file stores as ECMA-376 reads it (decoded here on its own, left to right), beside what
   LibreOffice shows when it opens that file again (they part ways where LibreOffice's writer leaves an escape
   unescaped: `_x0041_x0042_` stored as `_x005F_x0041_x0042_`, which ECMA-376 and Excel read as `_x0041B`);
3. the text written unescaped (as openpyxl writes it, and as our downloads did before 7 December): shown for the
   record, where LibreOffice's reader and ECMA-376 (Excel) part ways; no verdict.

    PYTHONPATH=. .venv/bin/python scripts/xlsx_escapes_libreoffice.py [--keep DIR]

Exits 1 if check 1 finds a cell shown otherwise, or check 2 a cell the import reads otherwise than ECMA-376.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from incidents.imports.xlsx_reading import xlsx_rows
from incidents.tables import Column, Table, to_xlsx

TYPED = ["_x0041_仓库", "泵站_x000D_", "_x005F_x0041_", "_X0041_", "_x00411_", "a_x4E2D_b", "_x0041_x0042_",
         "普通文字"]
# CSV out of LibreOffice: comma, double quote, UTF-8 (76); a CSV in the same way.
CSV_FILTER = "Text - txt - csv (StarCalc):44,34,76"


def soffice(work: Path, *args: str) -> None:
    """Run LibreOffice headless with a profile of its own under `work` (none of the user's settings)."""
    program = shutil.which("soffice") or sys.exit("soffice not found: apt-get install libreoffice-calc-nogui")
    subprocess.run([program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", *args],
                   check=True, capture_output=True, timeout=180)


def shown(work: Path, xlsx: Path) -> list[str]:
    """The first column's cells below the header as LibreOffice shows them (its CSV of the sheet)."""
    out = work / f"shown-{xlsx.stem}"
    soffice(work, "--convert-to", f"csv:{CSV_FILTER}", "--outdir", str(out), str(xlsx))
    with (out / f"{xlsx.stem}.csv").open(encoding="utf-8", newline="") as f:
        return [row[0] if row else "" for row in csv.reader(f)][1:]


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def stored(xlsx: Path) -> list[str]:
    """The first column's cells below the header as the file stores them (shared or inline, runs joined)."""
    with zipfile.ZipFile(xlsx) as archive:
        names = archive.namelist()
        shared = [] if "xl/sharedStrings.xml" not in names else [
            "".join(t.text or "" for t in si.iter(f"{MAIN}t"))
            for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    texts = []
    for cell in sheet.iter(f"{MAIN}c"):
        if not cell.get("r", "").startswith("A"):
            continue
        value = cell.find(f"{MAIN}v")
        texts.append(shared[int(value.text or 0)] if cell.get("t") == "s" and value is not None else
                     "".join(t.text or "" for t in cell.iter(f"{MAIN}t")))
    return texts[1:]


def as_ecma_reads(text: str) -> str:
    """Stored text as ECMA-376 Part 1 §22.9.2.19 (ST_Xstring) reads it: each _xHHHH_, left to right, its character."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def imported(xlsx: Path) -> list[str]:
    """The first column's cells below the header as the import reads them."""
    refused: list = []
    rows = [cells[0] if cells else "" for _, cells in xlsx_rows(xlsx.read_bytes(), refused)][1:]
    return [str(v) for v in rows] + [f"refused: {r}" for r in refused]


def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    """Print one check's table, each text as Python writes it (a carriage return visible)."""
    print(f"\n{title}\n" + " | ".join(columns))
    for row in rows:
        print(" | ".join(repr(cell) for cell in row))


def main() -> int:
    """Run the three checks; 1 if check 1 or 2 found a cell otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the files in this folder (default: a temporary one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="xlsx-escapes-"))
    work.mkdir(parents=True, exist_ok=True)
    failed = False

    ours = work / "ours.xlsx"
    ours.write_bytes(to_xlsx(Table([Column("title", "事项", "Title")], [[t] for t in TYPED], name="t")))
    seen = shown(work, ours)
    table("1. our download opened in LibreOffice", ["typed", "LibreOffice shows"],
          [[t, s] for t, s in zip(TYPED, seen, strict=True)])
    failed |= seen != TYPED

    typed_csv = work / "typed.csv"
    typed_csv.write_text("事项\n" + "\n".join(TYPED) + "\n", encoding="utf-8")
    soffice(work, f"--infilter={CSV_FILTER}", "--convert-to", "xlsx", "--outdir", str(work / "saved"), str(typed_csv))
    saved = work / "saved" / "typed.xlsx"
    kept, again, read = stored(saved), shown(work, saved), imported(saved)
    table("2. typed in LibreOffice, saved as XLSX",
          ["typed", "stored", "ECMA-376 reads", "LibreOffice shows it reopened", "the import reads"],
          [[t, k, as_ecma_reads(k), s, r] for t, k, s, r in zip(TYPED, kept, again, read, strict=True)])
    failed |= read != [as_ecma_reads(k) for k in kept]

    from openpyxl import Workbook

    raw = work / "unescaped.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    for text in ["事项", *TYPED]:
        sheet.append([text])
    book.save(raw)
    table("3. written unescaped (openpyxl as it is)", ["stored", "LibreOffice shows", "the import reads (ECMA-376)"],
          [[t, s, r] for t, s, r in zip(stored(raw), shown(work, raw), imported(raw), strict=True)])
    print(f"\nfiles in {work}; {'FAILED' if failed else 'checks 1 and 2 pass'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
