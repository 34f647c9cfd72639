"""A figure of a kind no report was ever made of reads "—" in the key figures' 累计 and 上期 cells, not 未报.

Found by a brief of an event with outages and pumping and no clearance or disinfection ever reported: 清运量
and 消杀人员 said 累计 未报 (a figure somebody owed) while 二、分街道 said — / — and the overview 无清运报告.
docs/briefs.md: a null with no report behind it is "—"; only reports that gave no figure are 未报 (a clearance
without tonnes).
"""

from __future__ import annotations

import copy
import html
import re
from datetime import date

from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading

from .conftest import local, make_builder
from .test_ledger import compile_day, recomputed

CLEARANCE = ("清运量", "清运车数", "清运人员", "清运车辆")


def key_figures(client, brief_id: int) -> dict[str, list[str]]:
    """The brief page's key figures by item: (本日, 累计, 上期累计) as a reader sees them."""
    page = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    table = page[page.index("brief-figures"):]
    body = table[table.index("<tbody"):table.index("</table>")]  # its rows in two groups (print keeps the first)
    out = {}
    for row in re.findall(r"(?s)<tr>(.*?)</tr>", body):
        item = html.unescape(re.sub(r"<span class=\"unit\">.*?</span>", "", re.search(r"<th[^>]*>(.*?)</th>",
                                                                                         row).group(1)))
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"(?s)<td[^>]*>(.*?)</td>",
                                                                                    row)]
        out[item.strip()] = cells[1:4]
    return out


def test_no_clearance_or_disinfection_ever_reads_dash_not_unreported(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"), households=100)
    op = b.report("pumping", "site-a", local("2021-07-01 06:10"), observed_at=local("2021-07-01 06:00"), team="一队",
                  people=6)
    b.report("pumping_volume", "site-a", local("2021-07-01 12:10"), operation_id=op, volume_m3=800,
             period_start=local("2021-07-01 08:00"), period_end=local("2021-07-01 12:00"))
    compile_day(database, b.event_id, date(2021, 7, 1))
    day2 = compile_day(database, b.event_id, date(2021, 7, 2))
    assert day2.carry["carried_from"] is not None  # day 2 from day 1's ledger
    stored, full = recomputed(database, day2.id)
    assert stored == full
    assert stored["debris"]["reports_to_date"] == 0 and stored["disinfection"]["reports_to_date"] == 0
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    figures = key_figures(client, day2.id)
    for item in (*CLEARANCE, "消杀人员"):
        assert figures[item] == ["—", "—", "—"], item
    # Pumping was reported: its volume to date is a figure.
    assert figures["排水量"][1:] == ["800", "800"]


def test_a_clearance_without_tonnes_is_unreported_to_date_and_the_rest_dash(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("debris", "site-a", local("2021-07-01 13:00"), period_start=local("2021-07-01 08:00"),
             period_end=local("2021-07-01 12:00"), truckloads=3)
    b.report("outage", "site-b", local("2021-07-02 10:10"), started_at=local("2021-07-02 10:00"), households=50)
    compile_day(database, b.event_id, date(2021, 7, 1))
    day2 = compile_day(database, b.event_id, date(2021, 7, 2))
    assert day2.carry["carried_from"] is not None
    stored, full = recomputed(database, day2.id)
    assert stored == full
    assert stored["debris"]["reports_to_date"] == 1
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    figures = key_figures(client, day2.id)
    # A clearance was reported, its tonnes not: 未报 to date and in the previous brief's to date.
    assert figures["清运量"] == ["—", "未报", "未报"]
    assert figures["清运车数"] == ["—", "3", "3"]
    # No disinfection and no pumping ever: nothing to tell.
    assert figures["消杀人员"] == ["—", "—", "—"]
    assert figures["排水量"] == ["—", "—", "—"]


def test_a_brief_stored_before_the_counts_reads_unreported_as_it_did(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"), households=100)
    compile_day(database, b.event_id, date(2021, 7, 1))
    day2 = compile_day(database, b.event_id, date(2021, 7, 2))
    stored = copy.deepcopy(day2.content)
    for section, names in (("debris", ("reports_to_date", "previous_reports_to_date")),
                           ("disinfection", ("reports_to_date", "previous_reports_to_date")),
                           ("pumping", ("previous_operations_to_date",))):
        for name in names:
            del stored[section][name]
    old = {r.item: r for r in Reading(BriefContent.from_json(stored), "zh").figures()}
    for item in (*CLEARANCE, "消杀人员"):
        assert (old[item].to_date, old[item].previous) == ("未报", "未报"), item
    # Pumping's operations_to_date was always stored: none to date is "—"; its previous not known, 未报.
    assert (old["排水量"].to_date, old["排水量"].previous) == ("—", "未报")
    new = {r.item: r for r in Reading(BriefContent.from_json(day2.content), "zh").figures()}
    assert (new["清运量"].to_date, new["清运量"].previous) == ("—", "—")
