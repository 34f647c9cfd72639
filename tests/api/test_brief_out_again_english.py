"""The English brief says power going out again truly whether it had come back in full or in part (docs/briefs.md,
"What came back"): 96 still out of 211, then "120 still out" is 24 households whose power had come back going off
again, not an outage that "had been restored". Until 6 December the English read "power cut again …, after it had
been restored" for both, as if power had first come back fully; the Chinese (恢复供电后…再次停电) is true of both
and is unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import brief_after_96_of_211


@pytest.mark.parametrize(("updates", "households"), [
    # A rise said as a higher still-out figure, nothing fully back.
    (({"households_out": 120, "observed_at": "2021-07-02 10:00"},
      {"households_out": 100, "observed_at": "2021-07-02 15:00"}), 24),
    # All back at 09:00, then 120 out again at 10:00.
    (({"households_restored": 211, "observed_at": "2021-07-02 09:00"},
      {"households_out": 120, "observed_at": "2021-07-02 10:00"}), 120),
], ids=["rise-said-as-still-out", "after-full-restoration"])
def test_out_again_reads_true_in_english(database, coordinator_api, updates: tuple[dict[str, Any], ...],
                                         households: int):
    api = coordinator_api
    formats = brief_after_96_of_211(api, database, updates)
    for fmt in ("txt", "md"):
        english = api.get(formats[fmt] + "?lang=en").get_data(as_text=True)
        assert ", after it had been restored (" not in english, english
        assert (f"甲小区: power cut again 2 Jul 10:00 for households whose power had come back ({households} "
                "households)") in english, english
        chinese = api.get(formats[fmt]).get_data(as_text=True).replace(" ", "")
        assert f"甲小区恢复供电后于7月2日10:00再次停电（{households}户）" in chinese, chinese
