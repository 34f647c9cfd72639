"""Each brief as a district office reads it (Markdown, text, DOCX, the page) held against the brief's own JSON.

An outsider's check beside awkward_replay.py: every figure the JSON gives (power out, back, affected, the peak and its
share, pumping m³ and its marks, disinfection and debris per category, 二、分街道's rows and 合计, the late list,
较上期变化's quantities, the zero-report board, the revision's counts) must be written in each document fetched over
HTTP, in zh and en, as the JSON says it: its number, its mark (余/+, 约/≈, 不超过/at most, （估）/(est.)) and its unit.
The words come from docs/briefs.md and docs/domain.md; nothing of the product is imported. The PDF (the print page
rendered on the server, read with poppler's pdftotext) is held to its paragraphs only: 一、总体情况's lines, 较上期变化
and 五、数据质量; its tables come out of pdftotext cell by cell in no reliable order.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from html.parser import HTMLParser
from typing import Any

import requests

FORMATS = ("md", "txt", "docx", "html", "pdf")
LANGS = ("zh", "en")
Q = dict[str, Any]


# ------------------------------------------------------------------ a document as lines and table rows
class _Text(HTMLParser):
    """The page's words: a line per block, a table row as its cells."""

    BLOCKS = {"p", "li", "div", "h1", "h2", "h3", "h4", "br", "section", "header", "footer", "caption", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.rows: list[list[str]] = []
        self.buf: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        if text:
            self.lines.append(text)
        self.buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg", "nav", "form"):
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in self.BLOCKS and self.cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "nav", "form"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.lines.append(" | ".join(self.row))
            self.row = None
        elif tag in self.BLOCKS and self.cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.cell if self.cell is not None else self.buf).append(data)


class Doc:
    """A document's lines (its paragraphs and table rows) and its table rows' cells."""

    def __init__(self, lines: list[str], rows: list[list[str]]):
        self.lines = [" ".join(x.split()) for x in lines if x.strip()]
        self.rows = [[" ".join(c.split()) for c in r] for r in rows]

    def line(self, *starts: str) -> str:
        """The first line that starts with one of these labels (after list marks), else ""."""
        for x in self.lines:
            y = re.sub(r"^(- |\d+\. |（[一二三四五六七八九十]+）)", "", x)  # a list's marks; DOCX numbers （一）
            if y.startswith(starts):
                return y
        return ""

    def row(self, first: str) -> list[str] | None:
        """The table row whose first cell is this, else None (the page's label carries its unit: 排水量（m³）)."""
        f = first.lower()
        return next((r for r in self.rows
                     if r and (r[0].lower() == f or r[0].lower().startswith((f + "（", f + " (")))), None)


# Where a PDF's paragraph begins: a line of 一、总体情况, a section's heading, an item of 五、数据质量.
PDF_STARTS = re.compile(r"^(停电：|排涝：|消杀：|清运：|较上期变化：|Power:|Pumping:|Disinfection:|Debris:|"
                        r"Since the previous brief:|[一二三四五]、|\d\. |\d+\. [A-Z本迟零未退各标“]|"
                        r"主要数据|Key figures)")


def pdf_paragraphs(body: bytes, zh: bool) -> list[str]:
    """The PDF's text with each paragraph on one line again: a wrapped line joined to the one before, the page's
    foot (— 2 —) and the running head of later pages dropped."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True,
                          check=True).stdout.decode("utf-8")
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    head = lines[0] if lines else ""
    out: list[str] = []
    for x in lines:
        if re.fullmatch(r"—\s*\d+\s*—", x) or (x.startswith(head) and out):
            continue
        if out and not PDF_STARTS.match(x):
            out[-1] += ("" if zh else " ") + x
        else:
            out.append(x)
    return out


def as_doc(fmt: str, body: bytes, lang: str = "zh") -> Doc:
    """Lines and rows of a fetched document: Markdown and text as written, DOCX via python-docx, HTML parsed, the
    PDF's paragraphs through pdftotext."""
    if fmt == "pdf":
        return Doc(pdf_paragraphs(body, lang == "zh"), [])
    if fmt == "docx":
        import docx  # python-docx, as an office's tester reads Word

        d = docx.Document(io.BytesIO(body))
        lines = [p.text for p in d.paragraphs]
        rows = [[c.text for c in r.cells] for t in d.tables for r in t.rows]
        return Doc(lines + [" | ".join(r) for r in rows], rows)
    text = body.decode("utf-8")
    if fmt == "html":
        p = _Text()
        p.feed(text)
        p._flush()
        return Doc(p.lines, p.rows)
    if fmt == "md":
        text = text.replace("**", "").replace("\\", "")
        rows = [[c.strip() for c in x.strip().strip("|").split("|")] for x in text.splitlines()
                if x.startswith("|") and not x.startswith("|---")]
        return Doc(text.splitlines(), rows)
    return Doc(text.splitlines(), [])


# ------------------------------------------------------------------ figures as docs/domain.md writes them
def num(v: int | float | Decimal) -> str:
    """1,740; tonnes keep their decimal (7.5), a whole one none (4)."""
    if isinstance(v, Decimal):
        return f"{v:,f}".rstrip("0").rstrip(".") if "." in f"{v:f}" else f"{v:,}"
    return f"{v:,}"


def tonnes(kg: int) -> Decimal:
    """Kilograms as tonnes to one decimal, the even neighbour on a tie (GB/T 8170)."""
    return (Decimal(kg) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def fig(q: Q | None, zh: bool, *, t: bool = False, est: bool = True) -> str | None:
    """A quantity with its marks, no unit: 约7.5, 1,740余（估）, 不超过9 / ≈7.5, 1,740+ (est.), at most 9."""
    if q is None or q.get("value") is None:
        return None
    v: Any = tonnes(q["value"]) if t else q["value"]
    lb, ub, ap = q.get("lb"), q.get("ub"), q.get("approx")
    core = num(v)
    if zh:
        s = ("约" if ap and not lb else "") + ("不超过" if ub else "") + core + ("余" if lb else "")
        return s + ("（估）" if lb and ap and est else "")
    s = ("≈" if ap and not lb else "") + ("at most " if ub else "") + core + ("+" if lb else "")
    return s + (" (est.)" if lb and ap and est else "")


def with_unit(q: Q | None, zh: bool, unit_zh: str, unit_en: str, t: bool = False) -> str | None:
    """The figure with its unit where a sentence writes one: 165户, 3,140余立方米, 165 households, ≈7.5 t."""
    f = fig(q, zh, t=t, est=False)
    if f is None:
        return None
    if zh:
        return f + unit_zh
    one = q is not None and q["value"] == 1 and not q.get("lb") and unit_en.endswith("s") and unit_en not in ("m³",)
    return f + " " + (unit_en[:-1] if one else unit_en) if unit_en else f


def plain(n: int | None) -> Q | None:
    return None if n is None else {"value": n}


def found(text: str, want: str) -> bool:
    """want in text as a whole figure: not a part of a longer number (165 is not in 1,165 or 1650)."""
    return re.search(r"(?<![\d,.])" + re.escape(want) + r"(?![\d])", text, re.IGNORECASE) is not None


# ------------------------------------------------------------------ the checks
class Check:
    """One document of one brief in one language, held against the brief's JSON."""

    def __init__(self, c: dict[str, Any], doc: Doc, fmt: str, lang: str, say: Callable[[str], None]):
        self.c, self.doc, self.fmt, self.zh = c, doc, fmt, lang == "zh"
        self.say = say
        self.n = 0
        h = c["header"]
        self.where = f"{fmt} {lang} {h['day']} rev{h['revision']}"

    def want(self, what: str, text: str, expected: str | None, whole: bool = True) -> None:
        if expected is None:
            return
        self.n += 1
        ok = found(text, expected) if whole else expected.lower() in text.lower()
        if not ok:
            self.say(f"{self.where} {what}: JSON {expected!r}, document {text[:300]!r}")

    def cell(self, what: str, got: str | None, expected: str | None) -> None:
        if expected is None:
            return
        self.n += 1
        if got is None or got.lower() != expected.lower():
            self.say(f"{self.where} {what}: JSON {expected!r}, document {got!r}")

    def L(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def run(self) -> int:
        self.power()
        self.pumping()
        self.disinfection()
        self.debris()
        if self.fmt not in ("txt", "pdf"):  # the text has no key figures table (docs/briefs.md, Formats)
            self.key_figures()
        if self.fmt != "pdf":
            self.subdistricts()
        self.changes()
        self.quality()
        return self.n

    # 一、总体情况
    def power(self) -> None:
        p, zh, L = self.c["power"], self.zh, self.L
        line = self.doc.line(L("停电：", "Power:"))
        if not p.get("available", True):
            return
        self.want("power: open outages", line, L(f"仍停电{p['open_outages']}处", f"Still without power at 24:00: "
                                                                            f"{p['open_outages']}"), whole=False)
        if p["open_outages"]:
            self.want("power: buildings out", line, with_unit(p["buildings_out"], zh, "栋", "buildings"))
            self.want("power: households out", line, with_unit(p["households_out"], zh, "户", "households"))
        if p.get("open_total", len(p["open"])) == len(p["open"]):  # each open outage named with what is out there
            clauses = re.split(L("[（；]", r"[(;] ?"), line)
            for o in p["open"]:
                place = o["area"] if zh or not o.get("area_en") else o["area_en"]
                clause = next((x for x in clauses if x.startswith(place + L("：", ": "))), "")
                known = [(o[f"{u}_out"], zu, eu) for u, zu, eu in (("buildings", "栋", "buildings"),
                                                                  ("households", "户", "households"))]
                for q, zu, eu in known:
                    self.want(f"power: open outage at {place}, {eu}", clause, with_unit(q, zh, zu, eu))
                if all(q["value"] is None for q, _, _ in known):
                    self.want(f"power: open outage at {place}, size", clause,
                              L("户数、栋数未报", "size not reported"), whole=False)
        if p["households_restored"]["value"]:
            back = line.split(L("本日恢复供电", "power back in the period"), 1)[-1]
            self.want("power: buildings back", back, with_unit(p["buildings_restored"], zh, "栋", "buildings"))
            self.want("power: households back", back, with_unit(p["households_restored"], zh, "户", "households"))
        if p["restored_in_period"]:
            self.want("power: fully restored", line, L(f"本日全部恢复供电的停电点{p['restored_in_period']}处",
                                                       f"outages fully restored in the period: "
                                                       f"{p['restored_in_period']}"), whole=False)
        self.want("power: to date", line, L(f"累计报告停电{p['outages_to_date']}处，已恢复{p['restored_to_date']}处",
                                            f"outages reported {p['outages_to_date']}, restored "
                                            f"{p['restored_to_date']}"), whole=False)
        for unit, zu, eu in (("buildings", "栋", "buildings"), ("households", "户", "households")):
            peak = p[f"peak_{unit}"]
            if peak["value"]:
                self.want(f"power: peak {unit}", line, L("停电峰值", "peak ") + (with_unit(peak, zh, zu, eu) or ""))
                was = p.get(f"previous_peak_{unit}") or {}
                if was.get("value") is not None and was["value"] > peak["value"]:  # a peak lower than 上期's
                    self.want(f"power: previous peak {unit}", line, L(f"（上期{with_unit(was, zh, zu, eu)}",
                                                                      f"(previous brief: {with_unit(was, zh, zu, eu)}"),
                              whole=False)
                pct = p[f"pct_restored_{unit}"]
                if pct is not None:
                    s = f"{pct:g}%"
                    approx = p[f"pct_restored_{unit}_approx"]
                    self.want(f"power: share of peak {unit} restored", line,
                              L("已恢复" + ("约" if approx else "") + s, ("≈" if approx else "") + s
                                + " of it restored"), whole=False)

    def pumping(self) -> None:
        pm, zh, L = self.c["pumping"], self.zh, self.L
        line = self.doc.line(L("排涝：", "Pumping:"))
        v = pm["volume_m3"]
        if pm["active"]:
            self.want("pumping: sites", line, L(f"在排涝点{pm['active']}处", f"Sites pumping: {pm['active']}"),
                      whole=False)
        people = fig(pm["people"], zh)
        if people is not None and pm["people"]["value"]:
            self.want("pumping: people", line, L(f"共{people}人", f"{people} people in all"), whole=False)
        self.want("pumping: m³ in the period", line, with_unit(v["period"], zh, "立方米", "m³"))
        self.want("pumping: m³ to date", line, with_unit(v["to_date"], zh, "立方米", "m³"))

    def disinfection(self) -> None:
        d, zh, L = self.c["disinfection"], self.zh, self.L
        line = self.doc.line(L("消杀：", "Disinfection:"))
        head, _, tail = line.partition(L("累计", "to date"))
        for cf in d["categories"]:
            if cf.get("kind") != "site":
                continue
            name = cf["name_zh"] if zh else cf["name_en"]
            for part, q in ((head, cf["figure"]["period"]), (tail, cf["figure"]["to_date"])):
                f = fig(q, zh, est=False)
                if f is not None and q["value"]:
                    self.want(f"disinfection: {cf['code']}", part,
                              name + f + cf["unit_zh"] if zh else f"{name} {f}", whole=False)
        pt = d["person_times"]
        for part, q in ((head, pt["period"]), (tail, pt["to_date"])):
            if q["value"]:
                self.want("disinfection: person-times", part, with_unit(q, zh, "人次", "person-times"))

    def debris(self) -> None:
        db, zh, L = self.c["debris"], self.zh, self.L
        line = self.doc.line(L("清运：", "Debris:"))
        head, _, tail = line.partition(L("累计", "to date"))
        for part, which in ((head, "period"), (tail, "to_date")):
            if db["mass_kg"][which]["value"]:
                self.want(f"debris: tonnes {which}", part, with_unit(db["mass_kg"][which], zh, "吨", "t", t=True))
            if db["truckloads"][which]["value"]:
                self.want(f"debris: loads {which}", part, with_unit(db["truckloads"][which], zh, "车", "truckloads"))
        if db["people"]["period"]["value"]:
            self.want("debris: people", head, with_unit(db["people"]["period"], zh, "人", "people"))
        if db["vehicles"]["period"]["value"]:
            self.want("debris: vehicles", head, L(f"出动车辆{fig(db['vehicles']['period'], zh)}辆",
                                                  f"vehicles {fig(db['vehicles']['period'], zh)}"), whole=False)

    # 主要数据
    def key_figures(self) -> None:
        p, pm, d, db, zh = self.c["power"], self.c["pumping"], self.c["disinfection"], self.c["debris"], self.zh

        def tri(f: Q) -> list[Q | None]:
            return [f["period"], f["to_date"], f["previous"]]
        rows: list[tuple[str, str, list[Q | None], bool]] = [
            ("仍停电", "Outages still open",
             [plain(p["open_outages"]), plain(p["outages_to_date"]), plain(p.get("previous_outages_to_date"))], False),
            ("恢复供电", "Outages restored", [plain(p["restored_in_period"]), plain(p["restored_to_date"]),
                                          plain(p.get("previous_restored_to_date"))], False),
            ("停电楼栋", "Buildings without power", [p["buildings_out"], p["buildings_affected"],
                                                 p.get("previous_buildings_affected")], False),
            ("停电户数", "Households without power", [p["households_out"], p["households_affected"],
                                                  p.get("previous_households_affected")], False),
            ("恢复供电楼栋", "Buildings with power back", [p["buildings_restored"]], False),
            ("恢复供电户数", "Households with power back", [p["households_restored"]], False),
            ("排水量", "Volume pumped", tri(pm["volume_m3"]), False),
            ("排涝点", "Pumping sites", [plain(pm["active"]), plain(pm["operations_to_date"]),
                                       plain(pm.get("previous_operations_to_date"))], False),
            ("排涝人员", "Pumping personnel", [pm["people"]], False),
            ("消杀人员", "Disinfection personnel", tri(d["person_times"]), False),
            *[(cf["name_zh"], cf["name_en"], tri(cf["figure"]), False) for cf in d["categories"]],
            ("清运量", "Debris cleared", tri(db["mass_kg"]), True),
            ("清运车数", "Debris truckloads", tri(db["truckloads"]), False),
            ("清运人员", "Clearance personnel", tri(db["people"]), False),
            ("清运车辆", "Clearance vehicles", tri(db["vehicles"]), False),
        ]
        for label_zh, label_en, figures, t in rows:
            label = label_zh if zh else label_en
            row = self.doc.row(label)
            if row is None:
                if any(q and q.get("value") for q in figures):
                    self.n += 1
                    self.say(f"{self.where} key figures: no row {label!r}")
                continue
            for i, q in enumerate(figures):
                self.cell(f"key figures {label} [{('period', 'to date', 'previous')[i]}]",
                          row[2 + i] if len(row) > 2 + i else None, fig(q, zh, t=t))

    # 二、分街道
    def subdistricts(self) -> None:
        zh, L, c = self.zh, self.L, self.c
        p, pm, d, db = c["power"], c["pumping"], c["disinfection"], c["debris"]
        subs = c["subdistricts"]
        total = {"name": L("合计", "District total"), "open_outages": p["open_outages"],
                 "households_out": p["households_out"], "buildings_out": p["buildings_out"],
                 "households_unknown": p["households_unknown"], "buildings_unknown": p["buildings_unknown"],
                 "restored_in_period": p["restored_in_period"], "households_restored": p["households_restored"],
                 "buildings_restored": p["buildings_restored"],
                 "households_back_unknown": p.get("households_back_unknown", 0),
                 "buildings_back_unknown": p.get("buildings_back_unknown", 0),
                 "volume_m3": pm["volume_m3"], "disinfection": d["categories"], "debris_kg": db["mass_kg"],
                 "reports": sum(r["reports"] for r in subs), "pumping_active": pm["active"],
                 "pumping_operations_to_date": pm["operations_to_date"],
                 "debris_reports_in_period": db["reports_in_period"], "debris_reports_to_date": db["reports_to_date"]}
        for r in [*subs, *([total] if len(subs) > 1 else [])]:
            name = r["name"] if zh or not r.get("name_en") else r["name_en"]
            cells = self.sub_cells(name)
            if cells is None:
                self.n += 1
                self.say(f"{self.where} 二、分街道: no row {name!r}")
                continue
            what = f"二、分街道 {name}"
            out = cells.get("out", "")
            self.want(f"{what} open outages", out, str(r["open_outages"]) if not out.startswith(
                str(r["open_outages"])) else out[:len(str(r["open_outages"]))], whole=False)
            if r["open_outages"]:
                for unit, zu, eu in (("buildings", "栋", "buildings"), ("households", "户", "households")):
                    self.want(f"{what} {unit} out", out, with_unit(r[f"{unit}_out"], zh, zu, eu))
                    if r.get(f"{unit}_unknown"):
                        self.want(f"{what} {unit} out 未报", out, L("未报", "not reported"), whole=False)
            back = cells.get("back", "")
            self.want(f"{what} restored", back, str(r["restored_in_period"]), whole=False)
            for unit, zu, eu in (("buildings", "栋", "buildings"), ("households", "户", "households")):
                if r[f"{unit}_restored"]["value"]:
                    self.want(f"{what} {unit} back", back, with_unit(r[f"{unit}_restored"], zh, zu, eu))
                if r.get(f"{unit}_back_unknown"):
                    self.want(f"{what} {unit} back 未报", back, L("未报", "not reported"), whole=False)
            nr = L("未报", "not reported")
            vm, dk = r["volume_m3"], r["debris_kg"]
            if vm is not None:
                self.cell(f"{what} m³", cells.get("m3", "— / —"),
                          f"{fig(vm['period'], zh) or (nr if r.get('pumping_active') else '—')} / "
                          f"{fig(vm['to_date'], zh) or (nr if r.get('pumping_operations_to_date') else '—')}")
            if dk is not None:
                self.cell(f"{what} t", cells.get("t", "— / —"),
                          f"{fig(dk['period'], zh, t=True) or (nr if r.get('debris_reports_in_period') else '—')} / "
                          f"{fig(dk['to_date'], zh, t=True) or (nr if r.get('debris_reports_to_date') else '—')}")
            self.cell(f"{what} disinfection", cells.get("dis", "— / —"), self.categories(r["disinfection"] or []))
            self.cell(f"{what} reports", cells.get("reports"), str(r["reports"]))

    def categories(self, cats: list[Q]) -> str:
        """消杀's cell: each category with its own unit, 街道18条（含截至目前累计数） / 25条、小区楼院6个 / 6个."""
        if not cats:
            return "— / —"
        parts = []
        for cf in cats:
            f = cf["figure"]
            a, b = fig(f["period"], self.zh), fig(f["to_date"], self.zh)
            uz = cf["unit_zh"] if self.zh else ""
            cum = self.L("（含截至目前累计数）", " (includes totals to date)") if f["period"].get("cum") else ""
            name = cf["name_zh"] if self.zh else cf["name_en"] + " "
            parts.append(f"{name}{a + uz if a else '—'}{cum} / {b + uz if b else '—'}")
        s = ("、" if self.zh else ", ").join(parts)
        return s if self.zh else s[:1].upper() + s[1:]

    def sub_cells(self, name: str) -> dict[str, str] | None:
        """A 二、分街道 row by its cells' meaning: a table's columns, the text's labelled clauses."""
        keys = ("out", "back", "m3", "dis", "t", "reports")
        if self.fmt != "txt":
            row = self.doc.row(name)
            if row is None or len(row) != 7:
                return None
            return dict(zip(keys, row[1:], strict=True))
        line = self.doc.line(name + self.L("：", ": "))
        if not line:
            return None
        labels = self.L("仍停电（处） |本日恢复（处） |排水（立方米）本日/累计 |消杀（分类别）本日/累计 |"
                        "清运（吨）本日/累计 |报告数 ",
                        "Still without power |Restored in period |Pumped (m³): period / to date |"
                        "Disinfected, by category: period / to date |Debris (t): period / to date |Reports ")
        out: dict[str, str] = {}
        for clause in line.split(self.L("：", ": "), 1)[1].split(self.L("；", "; ")):
            for k, label in zip(keys, labels.split("|"), strict=True):
                if clause.startswith(label):
                    out[k] = clause[len(label):]
        return out

    # 较上期变化
    def changes(self) -> None:
        zh, L = self.zh, self.L
        line = self.doc.line(L("较上期变化：", "Since the previous brief:"))
        # A started operation's people (its qty) are said in 排涝's list of sites, not here.
        units = {"outage_new": ("户", "households"), "outage_again": ("户", "households"),
                 "volume_reported": ("立方米", "m³")}
        for ch in self.c["changes"]:
            q = ch.get("qty")
            if q and q.get("value") is not None and ch["kind"] in units:
                zu, eu = units[ch["kind"]]
                self.want(f"较上期变化 {ch['kind']} {ch.get('area')}", line, with_unit(q, zh, zu, eu))
            if ch["kind"] == "restored_many":
                self.want("较上期变化 restored_many", line, L(f"{ch['count']}处恢复供电",
                                                             f"Power restored at {ch['count']} places"), whole=False)
            if ch["kind"] == "partial":
                self.want("较上期变化 partial", line, L(f"{ch['count']}处部分恢复供电",
                                                       f"outages partly restored: {ch['count']}"), whole=False)
        late = self.c["quality"]["late_total"]
        if late:
            # 收到迟报 in a revision that shows them, 新获知迟报 in the first brief after them
            self.want("较上期变化 late", line, L(f"迟报{late}份", f"late reports received: {late}"
                                             if f"late reports received: {late}" in line else
                                             f"late reports now known: {late}"), whole=False)

    # 五、数据质量
    def quality(self) -> None:
        q, zh, L = self.c["quality"], self.zh, self.L
        self.want("quality: reports used", self.doc.line(L("本期采用报告", "Reports used for this period")),
                  L(f"本期采用报告{q['reports_used']}份", f"Reports used for this period: {q['reports_used']}"),
                  whole=False)
        if q["late_total"]:
            line = self.doc.line(L("迟报", "Late reports"))
            self.want("quality: late", line, L(f"迟报{q['late_total']}份", f"): {q['late_total']}:"), whole=False)
            items = line.split(L("：", ": "), 1)[-1].split(L("；", "; "))
            for i, x in enumerate(q["late"]):
                m, dd = int(x["day"][5:7]), int(x["day"][8:10])
                months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                item = items[i] if i < len(items) else ""
                self.want(f"quality: late #{i + 1} place", item, x["area"], whole=False)
                self.want(f"quality: late #{i + 1} day", item, L(f"属{m}月{dd}日，第{x['number']}期",
                                                                 f"for {dd} {months[m - 1]} (No. {x['number']})"),
                          whole=False)
        zero = [z["name"] if zh or not z.get("name_en") else z["name_en"] for z in q["zero_reported"]]
        silent = [z["name"] if zh or not z.get("name_en") else z["name_en"] for z in q["silent"]]
        for names, zl, el in ((zero, "零报告（本时段无情况）：", "Zero report (nothing to report this period): "),
                              (silent, "未报送（零报告制度：本时段既无报告也无零报告）：",
                               "Not reported (zero-report rule: no report and no zero report this period): ")):
            if names:
                self.want(f"quality: {zl}", self.doc.line(L(zl, el.rstrip(": ") + ":"),
                                                          L(zl, el.replace("Zero report", "Zero reports"))),
                          L(zl, el) + L("、", ", ").join(names), whole=False)
        if q.get("previous_revision"):
            line = self.doc.line(L(f"本版替代第{q['previous_revision']}版",
                                   f"This revision replaces revision {q['previous_revision']}"))
            for key, zw, ew in (("added", "新纳入此后获知的报告{}份", "{} new reports are included"),
                                ("corrected", "更正{}份", "{} corrected"), ("retracted", "撤回{}份", "{} retracted"),
                                ("returned", "退回{}份", "{} sent back"), ("restored", "恢复{}份", "{} restored")):
                n = q.get(f"{key}_since_previous_revision", 0)
                if n:
                    self.want(f"quality: revision {key}", line, L(zw, ew).format(n), whole=False)


# ------------------------------------------------------------------ fetching
class Reader:
    """The documents of a brief over HTTP: the API's formats through the token, the page through a login."""

    def __init__(self, base: str, token: str, user: str | None, password: str | None):
        self.base = base.rstrip("/")
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Bearer {token}"
        self.web: requests.Session | None = None
        if user and password:
            self.web = requests.Session()
            page = self.web.get(self.base + "/login").text
            m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            r = self.web.post(self.base + "/login", data={"username": user, "password": password,
                                                           "csrf_token": m.group(1) if m else ""})
            if r.status_code >= 400:
                raise SystemExit(f"login for the brief page: {r.status_code}")

    def get(self, bid: int, fmt: str, lang: str) -> bytes:
        if fmt == "html":
            if self.web is None:
                raise SystemExit("the page needs --user and --password")
            r = self.web.get(f"{self.base}/briefs/{bid}", params={"lang": lang})
        else:
            r = self.api.get(f"{self.base}/api/v1/briefs/{bid}/{fmt}", params={"lang": lang})
        if r.status_code != 200:
            raise SystemExit(f"brief {bid} {fmt} {lang}: {r.status_code} {r.text[:300]}")
        return r.content


def check_all(reader: Reader, briefs: list[tuple[int, dict[str, Any]]], formats: tuple[str, ...] = FORMATS
              ) -> tuple[list[str], Counter[str]]:
    """Every brief in every format and language: the disagreements, and how many figures each format was held to."""
    problems: list[str] = []
    counts: Counter[str] = Counter()
    for bid, c in briefs:
        for fmt in formats:
            for lang in LANGS:
                doc = as_doc(fmt, reader.get(bid, fmt, lang), lang)
                counts[f"{fmt} {lang}"] += Check(c, doc, fmt, lang, problems.append).run()
    return problems, counts
