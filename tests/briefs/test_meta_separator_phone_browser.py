"""On a phone a signed brief's line (已签发 第1版 · 签发人：… 签发 · 修改记录) broke after its last “·”: the dot
ended one line and 修改记录 began the next, read as a line ending in a stray dot. The dot stays with its link."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import User
from tests.conftest import browser_login

from .conftest import day_of, local

pytestmark = pytest.mark.browser

# The middle of the “·” before the history link (opening its span: templates/_links.html's then), and the link's top
# and bottom (a 44 px target, padded).
DOT_AND_LINK = """() => { const link = document.querySelector('.brief-bar .meta a[href*="/history/briefs/"]');
  const node = [...link.closest('.then').childNodes].find(n => n.nodeType === 3 && n.textContent.includes('·'));
  const dot = document.createRange(), at = node.textContent.lastIndexOf('·');
  dot.setStart(node, at); dot.setEnd(node, at + 1);
  const d = dot.getBoundingClientRect(), l = link.getBoundingClientRect();
  return [d.top + d.height / 2, l.top, l.bottom]; }"""


def test_a_signed_briefs_history_link_keeps_its_dot(phone, live_server, make_user, database, rainstorm):
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    make_user("coordinator", "coordinator")
    with database.transaction() as s:
        signer = s.scalar(sa.select(User.id).where(User.username == "coordinator"))
        services.publish(s, s.get_one(type(brief), brief.id), signer, now=local("2021-07-25 09:10"))
    browser_login(phone, live_server, "coordinator")
    phone.goto(f"{live_server}/briefs/{brief.id}")
    dot, top, bottom = phone.evaluate(DOT_AND_LINK)
    assert top < dot < bottom, (dot, top, bottom)  # on the link's line
