"""The English key figures name each site category as a row's item, capitalised like the rows around it
("Streets", "Drain grates"), not in the running text's lower case ("streets" under "Disinfection staff on duty")."""

from __future__ import annotations

import csv
import io

from incidents.briefs import formats

from .conftest import content, day_of


def test_english_category_rows_are_capitalised(database, seed_briefs):
    c = content(database, seed_briefs.id, day_of("2021-07-28"))
    rows = list(csv.reader(io.StringIO(formats.as_csv(c, "figures", "en").lstrip("\ufeff"))))
    items = [row[0] for row in rows[1:]]
    assert "Streets" in items and "Residential compounds" in items and "Drain grates" in items, items
    assert all(item[:1].isupper() for item in items), items
    # The overview's sentence keeps them in lower case, as words within it.
    assert "streets" in formats.as_text(c, "en").split("Disinfection:", 1)[1].split("\n", 1)[0]
