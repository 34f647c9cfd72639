"""Sign-off (签发): 待签发 until published; then the signer (签发人) and time, on every format."""

from __future__ import annotations

import json

from incidents.briefs import services

from .conftest import day_of, local


def test_unpublished_brief_awaits_sign_off_and_signing_names_the_signer(client, auth, make_user, database,
                                                                         rainstorm):
    make_user("coord1", "coordinator")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("coord1")
    html = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "待签发" in html and "已编发" not in html and "编发" not in html
    assert "签发</button>" in html and "发布</button>" not in html
    assert "待签发" in client.get(f"/events/{rainstorm.id}/briefs").get_data(as_text=True)
    assert "待签发" in client.get(f"/briefs/{brief.id}/export/txt").get_data(as_text=True)

    response = auth.post(f"/briefs/{brief.id}/publish", {}, form_url=f"/briefs/{brief.id}")
    assert response.status_code == 303
    with database.read_session() as s:
        from incidents.models import Brief, User

        stored = s.get(Brief, brief.id)
        signer = s.get(User, stored.published_by_id).display_name
        signed_at = stored.published_at.astimezone(rainstorm.tz).strftime("%Y年%-m月%-d日 %H:%M")
    expected = f"签发人：{signer}　{signed_at} 签发"
    pages = {
        "html": client.get(f"/briefs/{brief.id}").get_data(as_text=True),
        "print": client.get(f"/briefs/{brief.id}/print").get_data(as_text=True),
        "txt": client.get(f"/briefs/{brief.id}/export/txt").get_data(as_text=True),
        "md": client.get(f"/briefs/{brief.id}/export/md").get_data(as_text=True),
    }
    for name, body in pages.items():
        assert expected in body, name
        assert "待签发" not in body, name
    assert "已签发" in pages["html"] and "签发</button>" not in pages["html"]
    data = json.loads(client.get(f"/briefs/{brief.id}/export/json").get_data(as_text=True))
    assert data["status"] == "published" and data["signed_by"] == signer
    assert data["content"]["header"]["signed_by"] == signer and data["content"]["header"]["signed_at"]
    from io import BytesIO

    from docx import Document

    doc = Document(BytesIO(client.get(f"/briefs/{brief.id}/export/docx").data))
    assert any(expected in p.text for p in doc.paragraphs)
    english = client.get(f"/briefs/{brief.id}/export/txt?lang=en").get_data(as_text=True)
    assert f"Signed off by {signer}" in english


def test_signing_off_with_no_recipients_says_the_brief_went_to_nobody(client, auth, make_user, database, rainstorm):
    """A drill's coordinator signed a brief, read 日报已签发 and the confirm's 签发后将发送给本事件的接收人, and
    nobody got it: the event had no recipients. The page now says so, and where to add them."""
    from .conftest import make_builder

    b = make_builder(database, starts=local("2021-08-01 00:00"), code="drill")
    make_user("coord1", "coordinator")
    auth.login("coord1")
    lonely = services.compile_once(database, b.event_id, day_of("2021-08-01"), now=local("2021-08-02 08:00")).brief
    auth.post(f"/briefs/{lonely.id}/publish", {}, form_url=f"/briefs/{lonely.id}")
    html = client.get(f"/briefs/{lonely.id}").get_data(as_text=True)
    assert "日报已签发。本事件没有日报接收人，未发送给任何人" in html
    assert f'href="/events/{b.event_id}/recipients"' in html

    from incidents.distribution.models import Channel, Recipient

    with database.transaction() as s:
        s.add(Recipient(event_id=rainstorm.id, name="区防指", channel=Channel.EMAIL, address="duty@example.cn"))
    sent = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.post(f"/briefs/{sent.id}/publish", {}, form_url=f"/briefs/{sent.id}")
    html = client.get(f"/briefs/{sent.id}").get_data(as_text=True)
    assert "日报已签发。" in html and "未发送给任何人" not in html
