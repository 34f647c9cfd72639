"""E-mail through the standard library: a message with the plain-text brief and its files, sent over SMTP.

smtplib and email.message are the maintained way; the server, TLS mode, login and sender come
from the environment (settings.py).
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from incidents.distribution.messages import Outgoing
from incidents.distribution.settings import Settings


class SendError(RuntimeError):
    """A delivery that did not go through; its message is stored as the delivery's last error."""


def build(message: Outgoing, to: str, settings: Settings) -> EmailMessage:
    """The e-mail: subject, sender name, the text as the body, each file attached."""
    mail = EmailMessage()
    # An event name sent through the API may hold a line break; in a header it raised ValueError,
    # and every e-mail of that event failed. One line, runs of white space as one space.
    mail["Subject"] = " ".join(message.subject.split())
    user, _, domain = settings.smtp_from.partition("@")
    mail["From"] = Address(settings.smtp_from_name, user, domain or "localhost")
    mail["To"] = to
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=domain or None)
    mail.set_content(message.text)
    for file in message.attachments:
        maintype, _, subtype = file.mimetype.partition("/")
        mail.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.filename)
    return mail


def send(message: Outgoing, to: str, settings: Settings) -> None:
    """Send one e-mail; a SendError saying why when the server is unset, unreachable or refuses."""
    if not settings.smtp_host:
        raise SendError("no SMTP server configured (INCIDENTS_SMTP_HOST)")
    mail = build(message, to, settings)
    context = ssl.create_default_context()
    try:
        if settings.smtp_security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                    timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=context)
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password or "")
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {type(exc).__name__}: {exc}") from exc
