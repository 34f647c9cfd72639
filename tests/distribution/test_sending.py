"""Signing sends the brief: e-mail with its files, robots with Markdown cut to their limits; retries; exactly once."""

from __future__ import annotations

import pickle
import socket
import time
from dataclasses import replace
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from docx import Document

from incidents.db import now_utc
from incidents.distribution import bots, sending
from incidents.distribution.models import Channel
from tests import together

from .conftest import local
from .helpers import compile_day, deliveries, dingtalk_signature_ok, three_recipients

NOW = local("2021-07-25 09:00")


def sign_on_the_web(client, auth, brief_id: int) -> float:  # noqa: ANN001
    """Sign a brief through its page (CSRF on); the seconds the request took."""
    started = time.monotonic()
    response = auth.post(f"/briefs/{brief_id}/publish", {}, form_url=f"/briefs/{brief_id}")
    assert response.status_code == 303
    return time.monotonic() - started


def test_signing_sends_mail_with_files_and_markdown_to_robots(client, auth, make_user, database, rainstorm,
                                                              robots, smtp, settings):
    ids = three_recipients(database, rainstorm.id, robots)
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    sign_on_the_web(client, auth, brief_id)
    # Signing only enqueued: nothing has gone out yet.
    assert [(c, s) for _, c, s, _, _ in deliveries(database, brief_id)] == \
        [("email", "pending"), ("wecom", "pending"), ("dingtalk", "pending")]
    assert smtp[1].messages == [] and robots.posts == []

    outcome = sending.send_due(database, settings)  # signed on the web now: due now
    assert (outcome.sent, outcome.failed) == (3, 0)
    assert [(r, s, a) for r, _, s, a, _ in deliveries(database, brief_id)] == \
        [(ids["email"], "sent", 1), (ids["wecom"], "sent", 1), (ids["dingtalk"], "sent", 1)]

    [mail] = smtp[1].messages
    assert mail["To"] == "fzb@wenfeng.example"
    assert "文峰区应急管理局" in str(mail["From"]) and "yjb@wenfeng.example" in str(mail["From"])
    assert "日报 第3期（2021-07-24）" in mail["Subject"] and "修订版" not in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert "一、总体情况" in body and f"https://incidents.example/briefs/{brief_id}" in body
    files = {part.get_filename(): part for part in mail.iter_attachments()}
    assert list(files) == ["brief-wenfeng-2021-07-rainstorm-2021-07-24-r1.docx",
                           "brief-wenfeng-2021-07-rainstorm-2021-07-24-r1.pdf"]
    doc = Document(BytesIO(files["brief-wenfeng-2021-07-rainstorm-2021-07-24-r1.docx"].get_content()))
    assert any("第3期" in p.text for p in doc.paragraphs)
    pdf = files["brief-wenfeng-2021-07-rainstorm-2021-07-24-r1.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF-") and len(pdf.get_content()) > 20_000

    [wecom] = robots.at("/wecom")
    assert wecom.query == {"key": "wk-123456789"}
    content = wecom.body["markdown"]["content"]
    assert wecom.body["msgtype"] == "markdown" and len(content.encode()) <= 4096
    assert content.endswith(f"[查看完整日报](https://incidents.example/briefs/{brief_id})")
    assert "# " in content and "……" in content  # the seed's brief is longer than WeCom takes: cut

    [ding] = robots.at("/dingtalk")
    assert ding.query["access_token"] == "dt-987654321"
    assert dingtalk_signature_ok(ding.query["timestamp"], ding.query["sign"])
    assert abs(int(ding.query["timestamp"]) / 1000 - time.time()) < 60
    text = ding.body["markdown"]["text"]
    assert ding.body["markdown"]["title"] == "July 2021 rainstorm: daily brief No. 3 (2021-07-24)"
    assert len(text.encode()) <= 20000 and "……" not in text  # DingTalk takes the whole brief
    assert text.endswith(f"[Full brief](https://incidents.example/briefs/{brief_id}?lang=en)")

    # A second sweep sends nothing again.
    assert sending.send_due(database, settings, now_utc() + timedelta(hours=1)).sent == 0
    assert len(smtp[1].messages) == 1 and len(robots.posts) == 2


def test_a_new_revision_is_sent_marked_as_revised(client, auth, make_user, database, rainstorm, robots, smtp,
                                                  settings):
    three_recipients(database, rainstorm.id, robots)
    first = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    sign_on_the_web(client, auth, first)
    sending.send_due(database, settings)
    second = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-26 10:00"), new_revision=True)
    sign_on_the_web(client, auth, second)
    sending.send_due(database, settings)
    assert len(deliveries(database, second)) == 3 and len(deliveries(database, first)) == 3
    revised = smtp[1].messages[-1]
    assert revised["Subject"].startswith("【修订版】") and "第2版" in revised["Subject"]
    assert revised.get_body(("plain",)).get_content().startswith("【修订版】第2版")
    assert [a.get_filename() for a in revised.iter_attachments()] == \
        ["brief-wenfeng-2021-07-rainstorm-2021-07-24-r2.docx", "brief-wenfeng-2021-07-rainstorm-2021-07-24-r2.pdf"]
    assert robots.at("/wecom")[-1].body["markdown"]["content"].startswith("**【修订版】第2版")
    assert robots.at("/dingtalk")[-1].body["markdown"]["text"].startswith("**[Revised] Revision 2")


def test_a_failing_robot_is_retried_with_backoff_then_failed_with_its_error(database, builder, robots, settings,
                                                                            smtp):
    from incidents.distribution import services
    from incidents.distribution.models import NoticeKind, Recipient

    ids = three_recipients(database, builder.event_id, robots)
    robots.answers["/wecom"] = 502
    robots.answers["/dingtalk"] = {"errcode": 310000, "errmsg": "sign not match"}
    with database.transaction() as s:
        to = [s.get(Recipient, i) for i in ids.values()]
        facts = {"area": "甲街道", "area_en": None, "day": "2021-07-01", "due": "08:00", "event": "测试暴雨",
                 "event_en": None}
        services.tell(s, builder.event_id, NoticeKind.REMINDER, "reminder:2021-07-01:a", facts, to, now=NOW)
    sending.send_due(database, settings, NOW)
    states = {c: (s, a, e) for _, c, s, a, e in deliveries(database)}
    assert states["email"][0] == "sent"
    assert states["wecom"] == ("pending", 1, "HTTP 502 Bad Gateway")
    assert states["dingtalk"] == ("pending", 1, "robot refused: errcode 310000: sign not match")
    # Not due again before the backoff (1 min, then 2 min).
    assert sending.send_due(database, settings, NOW + timedelta(seconds=30)).retrying == 0
    assert sending.send_due(database, settings, NOW + timedelta(minutes=1)).retrying == 2
    assert sending.send_due(database, settings, NOW + timedelta(minutes=2)).retrying == 0
    last = sending.send_due(database, settings, NOW + timedelta(minutes=3))
    assert last.failed == 2
    states = {c: (s, a, e) for _, c, s, a, e in deliveries(database)}
    assert states["wecom"] == ("failed", 3, "HTTP 502 Bad Gateway")
    assert states["dingtalk"] == ("failed", 3, "robot refused: errcode 310000: sign not match")
    assert len(robots.at("/wecom")) == 3 and len(smtp[1].messages) == 1
    assert sending.send_due(database, settings, NOW + timedelta(days=1)).failed == 0  # failed stays failed
    # The webhook's key never appears in an error.
    assert all("wk-123456789" not in (e or "") for *_, e in deliveries(database))


def test_signing_is_not_held_up_by_a_dead_mail_server(client, auth, make_user, database, rainstorm, settings,
                                                      monkeypatch):
    from .conftest import free_port
    from .helpers import add

    add(database, rainstorm.id, "区防指", "email", "fzb@wenfeng.example")
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    # Signing only queues the e-mail: the request opens no connection (it was once timed, < 2 s: a
    # timed test that failed on a busy machine).
    opened: list[object] = []
    with monkeypatch.context() as patch:
        patch.setattr(socket, "create_connection", lambda *a, **kw: opened.append(a) or pytest.fail("connected"))
        sign_on_the_web(client, auth, brief_id)
    assert opened == []
    dead = replace(settings, smtp_port=free_port())
    sending.send_due(database, dead)
    [(_, _, status, attempts, error)] = deliveries(database, brief_id)
    assert (status, attempts) == ("pending", 1) and "ConnectionRefusedError" in error
    page = client.get(f"/briefs/{brief_id}/deliveries").get_data(as_text=True)
    assert "ConnectionRefusedError" in page and "fzb@wenfeng.example" in page
    # The last try fails it; a coordinator sends it again from the delivery page (CSRF on).
    sending.send_due(database, replace(dead, attempts=2), now_utc() + timedelta(minutes=5))
    [(_, _, status, attempts, _)] = deliveries(database, brief_id)
    assert (status, attempts) == ("failed", 2)
    with database.read_session() as s:
        from incidents.distribution.models import Delivery

        delivery_id = s.scalar(sa.select(Delivery.id))
    response = auth.post(f"/deliveries/{delivery_id}/retry", {}, form_url=f"/briefs/{brief_id}/deliveries")
    assert response.status_code == 303
    sending.send_due(database, settings)
    assert [(s, a) for _, _, s, a, _ in deliveries(database, brief_id)] == [("sent", 1)]


@pytest.mark.slow
def test_exactly_one_delivery_per_recipient_per_revision_across_scheduler_processes(db_url, database, rainstorm,
                                                                                    robots, smtp, settings, tmp_path):
    """Four scheduler processes, each with its own engine, sweep the same due deliveries at the same instant."""
    from incidents.briefs import services as briefs
    from incidents.distribution import services
    from incidents.models import Brief, User

    three_recipients(database, rainstorm.id, robots)
    with database.transaction() as s:
        user_id = s.merge(User(username="c", display_name="c", role="coordinator")).id
    # Each revision signed while it is the newest (an older one cannot be signed once replaced).
    for cutoff, new_revision in ((local("2021-07-25 08:00"), False), (local("2021-07-26 08:00"), True)):
        brief_id = compile_day(database, rainstorm.id, "2021-07-24", cutoff, new_revision=new_revision)
        with database.transaction() as s:
            brief = s.get(Brief, brief_id)
            briefs.publish(s, brief, user_id)
            services.brief_signed(s, brief, now=NOW)
            services.brief_signed(s, brief, now=NOW)  # signing twice tells once
    robots.answers["/wecom"] = {"errcode": 0, "errmsg": "ok"}
    logs = [tmp_path / f"sender{i}.log" for i in range(4)]
    children = [together.spawn("tests.distribution.procs", [db_url, pickle.dumps(settings).hex(), NOW.isoformat()], log)
                for log in logs]
    together.release(children)
    outputs = together.finish(children, logs)
    sent = [int(line.split(":", 1)[1]) for out in outputs for line in out.splitlines() if line.startswith("sent:")]
    assert len(sent) == 4 and sum(sent) == 6, sent  # six deliveries, each claimed by exactly one process
    assert [(c, s, a) for _, c, s, a, _ in deliveries(database)] == [
        (c.value, "sent", 1) for c in (Channel.EMAIL, Channel.WECOM, Channel.DINGTALK)] * 2
    assert len(smtp[1].messages) == 2 and len(robots.at("/wecom")) == 2 and len(robots.at("/dingtalk")) == 2


def test_markdown_is_cut_to_the_limit_in_bytes_never_mid_character():
    text = "# 标题\n\n" + "\n".join(f"第{i}行：文峰区北大街街道停电户数" for i in range(1000))
    link = "https://incidents.example/briefs/7"
    for limit in (4096, 20000):
        cut = bots.fit(text, link, "查看完整日报", limit)
        assert len(cut.encode()) <= limit and cut.endswith(f"[查看完整日报]({link})")
        assert "……" in cut and cut.encode().decode() == cut
        assert cut.startswith("# 标题")
    short = bots.fit("# 短", link, "查看完整日报", 4096)
    assert short == f"# 短\n\n[查看完整日报]({link})"
