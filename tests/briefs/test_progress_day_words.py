"""The compile progress page names its day as every other page does (2021年7月24日 / 24 Jul 2021), not 2021-07-24."""

from __future__ import annotations

import pytest

from incidents.briefs import queue
from tests.conftest import switch_language

from .conftest import day_of


@pytest.mark.parametrize(("language", "heading"), [("zh", "编制2021年7月24日的日报"),
                                                   ("en", "Compiling the brief of 24 Jul 2021")])
def test_the_progress_page_says_the_day_in_words(client, auth, make_user, database, rainstorm, language, heading):
    make_user("coord1", "coordinator")
    with database.transaction() as s:
        job = queue.request_compile(s, s.merge(rainstorm), day_of("2021-07-24"), None)
    auth.login("coord1")
    if language == "en":
        switch_language(client, "en")
    page = client.get(f"/briefs/compiles/{job.id}").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page and "2021-07-24" not in page.split("<main", 1)[1].split("</h1>")[0]
