"""The area disinfected (消杀面积, in 平方米) is a measure, not a kind of site: the day's sentence says
本日消杀面积5,000平方米, not 本日消杀消杀面积5,000平方米 (the verb twice; "disinfected area disinfected" in English),
as the typhoon replay's brief of a day whose only round gave an area read (scripts/typhoon_replay.py)."""

from __future__ import annotations

from incidents.briefs import formats, services

from .conftest import content, day_of, local, make_builder


def test_the_area_disinfected_is_said_once(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("disinfection", "site-a", local("2021-07-01 17:00"), observed_at=local("2021-07-01 16:00"),
             counts={"surface": (5000, False)}, person_times=30)
    b.report("disinfection", "site-b", local("2021-07-02 17:00"), observed_at=local("2021-07-02 16:00"),
             counts={"surface": (3000, False), "street": (12, False)}, person_times=40)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=2, event_ids=[b.event_id])
    first, second = content(database, b.event_id, day_of("2021-07-01")), content(database, b.event_id,
                                                                                  day_of("2021-07-02"))
    zh = next(line for line in formats.as_text(first, "zh").splitlines() if line.startswith("消杀："))
    assert "本日消杀面积5,000平方米，投入30人次" in zh and "消杀消杀" not in zh, zh
    en = next(line for line in formats.as_text(first, "en").splitlines() if line.startswith("Disinfection:"))
    assert "In the period area disinfected 5,000 m², 30 person-times deployed" in en, en
    zh = next(line for line in formats.as_text(second, "zh").splitlines() if line.startswith("消杀："))
    assert "本日消杀街道12条，消杀面积3,000平方米，投入40人次" in zh, zh
    assert "累计街道12条、消杀面积8,000平方米" in zh, zh  # to date: a list of figures, no verb
    en = next(line for line in formats.as_text(second, "en").splitlines() if line.startswith("Disinfection:"))
    assert "In the period disinfected streets 12, area disinfected 3,000 m², 40 person-times deployed" in en, en
