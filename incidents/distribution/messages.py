"""The words of each notice in the recipient's language: a brief (text, Markdown, attachments), a reminder, an alert.

Messages are made at send time from the stored brief or the notice's facts, so a retry sends
what the first try would have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from incidents.briefs import formats
from incidents.briefs.models import Brief
from incidents.briefs.services import load_content
from incidents.distribution.models import Notice, NoticeKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Attachment:
    """A file attached to an e-mail."""

    filename: str
    mimetype: str
    data: bytes


@dataclass
class Outgoing:
    """One message as every channel needs it: a subject, plain text, Markdown, a link, files."""

    subject: str
    text: str
    markdown: str
    link: str
    link_label: str
    attachments: list[Attachment] = field(default_factory=list)


def pdf_available() -> bool:
    """Whether briefs have a PDF format to attach (formats.as_pdf: the print page rendered on the server)."""
    return hasattr(formats, "as_pdf")


def revision_banner(revision: int, lang: str) -> str | None:
    """The 修订版 line of a brief sent again as a new revision."""
    if revision <= 1:
        return None
    return f"【修订版】第{revision}版，替代此前所发版本" if lang == "zh" else \
        f"[Revised] Revision {revision}, replacing the version sent before"


def _brief(session: Session, notice: Notice, lang: str, base_url: str, files: bool) -> Outgoing:
    brief = session.get(Brief, notice.brief_id)
    if brief is None:
        raise LookupError("the brief is gone")
    content = load_content(brief)
    event = brief.event
    link = f"{base_url}/briefs/{brief.id}" + ("?lang=en" if lang == "en" else "")
    banner = revision_banner(brief.revision, lang)
    if lang == "zh":
        subject = f"{event.name} 日报 第{brief.number}期（{brief.day.isoformat()}）"
        subject = f"【修订版】{subject} 第{brief.revision}版" if banner else subject
        label, more = "查看完整日报", "完整日报："
    else:
        subject = f"{event.name_en or event.name}: daily brief No. {brief.number} ({brief.day.isoformat()})"
        subject = f"[Revised] {subject}, revision {brief.revision}" if banner else subject
        label, more = "Full brief", "Full brief: "
    text = formats.as_text(content, lang)
    markdown = formats.as_markdown(content, lang)
    if banner:
        text, markdown = f"{banner}\n\n{text}", f"**{banner}**\n\n{markdown}"
    stem = formats.file_stem(brief)
    attached = []
    if files:  # only e-mail carries files; the Word file and the PDF cost a second or two each to make
        attached.append(Attachment(f"{stem}.docx", DOCX, formats.as_docx(content, lang)))
        if pdf_available():
            attached.append(Attachment(f"{stem}.pdf", "application/pdf", formats.as_pdf(content, lang)))
    return Outgoing(subject, f"{text.rstrip()}\n\n{more}{link}\n", markdown, link, label, attached)


def _words(facts: dict[str, Any], name: str, lang: str) -> str:
    """A fact in the reader's language: the _en form when English and present."""
    return str((facts.get(f"{name}_en") if lang == "en" else None) or facts.get(name) or "")


def _reminder(notice: Notice, lang: str, base_url: str) -> Outgoing:
    f = notice.facts
    area, event, due = _words(f, "area", lang), _words(f, "event", lang), f["due"]
    link = f"{base_url}/events/{notice.event_id}/reports/new"
    if lang == "zh":
        subject = f"【报送提醒】{area}：{f['day']} 情况尚未报送"
        body = f"{area}：{event} {f['day']} 的情况尚未报送。请于{due}前报送，无情况请零报告。"
        label = "去报送"
    else:
        subject = f"[Reminder] {area}: nothing reported for {f['day']}"
        body = (f"{area}: nothing has been reported for {f['day']} ({event}). Please report by {due}; "
                "if there is nothing to report, send a zero report.")
        label = "Report now"
    markdown = f"**{formats.md_inert(subject)}**\n\n{formats.md_inert(body)}"
    return Outgoing(subject, f"{body}\n\n{link}\n", markdown, link, label)


def _alert(notice: Notice, lang: str, base_url: str) -> Outgoing:
    f = notice.facts
    area = _words(f, "area", lang)
    link = f"{base_url}/reports/{f['report_id']}"
    if f["what"] == "outage":
        if lang == "zh":
            subject = f"【逾期提醒】{area} 停电：预计恢复时间已过"
            body = f"{area} 停电：预计恢复时间 {f['etr']} 已过，尚无更新。"
        else:
            subject = f"[Overdue] Power outage at {area}: estimated restoration passed"
            body = f"Power outage at {area}: the estimated restoration {f['etr']} has passed with no update."
    else:
        team = _words(f, "team", lang)
        if lang == "zh":
            subject = f"【逾期提醒】{area} 抽排作业：{f['hours']}小时无抽排量报告"
            body = f"{area} {team} 抽排作业：自 {f['since']} 起已 {f['hours']} 小时无抽排量报告。"
        else:
            subject = f"[Overdue] Pumping at {area}: no volume for {f['hours']} h"
            body = f"Pumping by {team} at {area}: no volume reported for {f['hours']} hours, since {f['since']}."
    label = "查看" if lang == "zh" else "Open"
    markdown = f"**{formats.md_inert(subject)}**\n\n{formats.md_inert(body)}"
    return Outgoing(subject, f"{body}\n\n{link}\n", markdown, link, label)


def outgoing(session: Session, notice: Notice, lang: str, base_url: str, files: bool = True) -> Outgoing:
    """The message of a notice for one reader (with the brief's files when `files`)."""
    if notice.kind is NoticeKind.BRIEF:
        return _brief(session, notice, lang, base_url, files)
    if notice.kind is NoticeKind.REMINDER:
        return _reminder(notice, lang, base_url)
    return _alert(notice, lang, base_url)
