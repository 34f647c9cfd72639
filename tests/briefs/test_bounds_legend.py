"""五、数据质量 explains 约 and 不超过 on outage counts, not only the apportioned 约.

Found by an outside replay of a rainstorm: the 07-10 brief said 共15栋、约170户 (50余户 with 不超过100户 and
不超过20户 still out) and its only legend for 约 read 标“约”的数字为跨日报告的数量按各日作业时长分摊的估算数 — a
reader was told the households were spread over days by hours worked; 不超过 had no legend at all.
"""

from __future__ import annotations

from incidents.briefs import formats, services

from .conftest import content, day_of, local, make_builder

ESTIMATE = "停电户数、栋数标“约”的，为“余”（下限）与“不超过”（上限）相加所得的估计数，不是确数。"
AT_MOST = "“不超过”表示上限，实际不多于该数。"
APPORTIONED = "标“约”的数字为跨日报告的数量按各日作业时长分摊的估算数"


def _brief(database, second: object):
    """site-a 60 households, 40余 back (不超过20 out); site-b `second` households out, all on 07-01."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    a = b.report("outage", "site-a", local("2021-07-01 16:10"), started_at=local("2021-07-01 16:00"),
                 households_affected=60)
    b.report("outage_update", "site-a", local("2021-07-01 22:10"), outage_id=a,
             observed_at=local("2021-07-01 22:00"), households_restored=40, households_restored_lb=True)
    if second is not None:
        b.report("outage", "site-b", local("2021-07-01 23:10"), started_at=local("2021-07-01 23:00"),
                 households_affected=second[0], households_affected_lb=second[1])
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def test_an_estimate_of_outage_counts_is_explained(database):
    c = _brief(database, (50, True))
    assert c.power.households_out.approx
    zh, en = formats.as_text(c, "zh"), formats.as_text(c, "en")
    assert "约70户" in zh and ESTIMATE in zh and AT_MOST in zh, zh
    assert APPORTIONED not in zh, zh  # nothing was spread over days
    assert "marked ≈ add a \"more than\" count to an \"at most\" one" in en, en


def test_at_most_alone_is_explained_and_exact_counts_need_nothing(database):
    c = _brief(database, None)
    zh = formats.as_text(c, "zh")
    assert "不超过20户" in zh and AT_MOST in zh and ESTIMATE not in zh, zh


def test_exact_counts_need_no_legend(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-01 16:10"), started_at=local("2021-07-01 16:00"),
             households_affected=60)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    zh = formats.as_text(content(database, b.event_id, day_of("2021-07-01")), "zh")
    assert AT_MOST not in zh and ESTIMATE not in zh, zh
