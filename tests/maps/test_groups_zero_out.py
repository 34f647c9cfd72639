"""The map's by-subdistrict table says 0 households still out where no outage is still open, as its 停电 column
says 0: the cell was left blank beside numbers, and a blank in a figures table reads as 未报."""

from __future__ import annotations

import re


def test_a_subdistrict_with_nothing_out_says_zero(seeded, rainstorm_id, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = auth.client.get(f"/events/{rainstorm_id}/map").get_data(as_text=True)
    table = html.split('<tbody>', 1)[1].split("</tbody>", 1)[0]
    row = next(r for r in table.split("</tr>") if "银杏大街街道" in r)  # its one outage restored by the end
    cells = re.findall(r'<td class="n"[^>]*>(.*?)</td>', row)
    assert cells[1] == "0" and cells[-1] == "0", cells
