"""二、分街道's 消杀 cell keeps each figure whole with its 余 and unit on the PDF, as the power cells and the running
text do: 街道60余条 / 60余条 wrapped in the narrow column as "60" at a line's end and "余条" under it reads as 60
streets, not more than 60 (found on a live brief, 7 December)."""

from __future__ import annotations

import re
import subprocess

from incidents.briefs import formats, services

from .conftest import content, day_of, local
from .test_pdf import needs_poppler


@needs_poppler
def test_a_more_than_figure_is_never_parted_from_its_mark_in_the_disinfection_cell(database, builder):
    b = builder
    # The live brief's day on the builder's district (甲街道 for 北大街街道, 乙街道 for 银杏大街街道): a partial and a
    # full restoration in 甲's row, an outage, a pumping with no volume and a clearance in 乙's, beside the 消杀 cell.
    first = b.report("outage", "site-a", local("2021-07-01 06:10"), observed_at=local("2021-07-01 06:00"),
                     started_at=local("2021-07-01 06:00"), households_affected=220)
    second = b.report("outage", "site-a", local("2021-07-01 09:10"), observed_at=local("2021-07-01 09:00"),
                      started_at=local("2021-07-01 09:00"), households_affected=150, households_affected_lb=True)
    b.report("outage_update", "site-a", local("2021-07-01 14:10"), outage_id=first, households_restored=120,
             observed_at=local("2021-07-01 14:00"))
    b.report("outage_update", "site-a", local("2021-07-01 18:10"), outage_id=second, households_out=0,
             observed_at=local("2021-07-01 18:00"))
    b.report("outage", "site-b", local("2021-07-01 10:10"), observed_at=local("2021-07-01 10:00"),
             started_at=local("2021-07-01 10:00"), households_affected=80)
    b.report("pumping", "site-b", local("2021-07-01 11:10"), observed_at=local("2021-07-01 11:00"), team="区排水队")
    b.report("debris", "site-b", local("2021-07-01 12:10"), period_start=local("2021-07-01 08:00"),
             period_end=local("2021-07-01 12:00"), mass_kg=30000, mass_kg_lb=True, truckloads=5)
    b.report("disinfection", "a", local("2021-07-01 20:00"), observed_at=local("2021-07-01 15:00"),
             person_times=40, counts={"street": (60, True)})
    b.report("disinfection", "site-b", local("2021-07-01 20:10"), observed_at=local("2021-07-01 16:00"),
             person_times=20, counts={"street": (12, False)})
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-01"))
    text = subprocess.run(["pdftotext", "-", "-"], input=formats.as_pdf(c, "zh"), capture_output=True,
                          check=True).stdout.decode()
    assert "72余条" in text  # the key figures and 一、总体情况: 60余 + 12
    table = text[text.index("二、分街道"):text.index("三、待办")]
    # A cell's line may end after its slash, never inside a figure: no line of the table begins with the 余 or
    # the unit of a figure the line above began (60 / 余条, 60余 / 条).
    parted = [line for line in table.splitlines() if re.match(r"余|[条个]", line.strip())]
    assert not parted, (parted, table)
