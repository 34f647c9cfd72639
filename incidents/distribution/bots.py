"""Work-chat group robots: WeCom (企业微信) and DingTalk (钉钉) webhooks, Markdown cut to each one's limit.

DingTalk's 加签: sign = urlencode(base64(HMAC-SHA256(key=secret, msg=timestamp + "\\n" + secret))),
timestamp in milliseconds, both added to the webhook URL. Each service answers 200 with
{"errcode": 0} when it took the message; anything else is a failure with its errmsg.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote_plus

from incidents.distribution.email import SendError
from incidents.distribution.messages import Outgoing
from incidents.distribution.models import Channel

# Message limits in bytes of UTF-8: WeCom's markdown.content 4096, DingTalk's markdown text 20000.
LIMITS = {Channel.WECOM: 4096, Channel.DINGTALK: 20000}
CUT = "\n\n……\n\n"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the robot's failure, never followed: the host was checked when the address was saved, and a
    redirect (a relay's, a robot host's) would send the server to any address, its answer kept as the error."""

    def redirect_request(self, *args: object, **kw: object) -> None:
        return None  # the 3xx then raises HTTPError, a SendError below


# urllib's default handlers (proxies from the environment included) but the redirect's.
_OPENER = urllib.request.build_opener(_NoRedirect)


def sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a timestamp, URL-encoded, as its documentation gives it."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def fit(markdown: str, link: str, label: str, limit: int) -> str:
    """The Markdown with a link to the full text, cut (at a line, else a character) to at most `limit` bytes."""
    tail = f"\n\n[{label}]({link})"
    if len((markdown + tail).encode()) <= limit:
        return markdown + tail
    room = limit - len((CUT + tail).encode())
    head = markdown.encode()[:max(room, 0)].decode(errors="ignore")  # never half a character
    cut = head.rfind("\n")
    if cut > len(head) // 2:  # a whole line when that loses little
        head = head[:cut]
    return head.rstrip() + CUT + tail.lstrip("\n")


def payload(channel: Channel, message: Outgoing) -> dict:
    """The JSON body of a Markdown message for the robot."""
    text = fit(message.markdown, message.link, message.link_label, LIMITS[channel])
    if channel is Channel.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": message.subject[:60], "text": text}}


def signed_url(url: str, secret: str | None, now_ms: int | None = None) -> str:
    """A DingTalk webhook URL with timestamp and sign when the robot has a secret."""
    if not secret:
        return url
    stamp = now_ms if now_ms is not None else int(time.time() * 1000)
    return f"{url}&timestamp={stamp}&sign={sign(secret, stamp)}"


def post(channel: Channel, url: str, message: Outgoing, secret: str | None = None, timeout: float = 15.0) -> None:
    """Send one Markdown message; a SendError saying why on any failure (the URL's key never in it)."""
    if channel is Channel.DINGTALK:
        url = signed_url(url, secret)
    body = json.dumps(payload(channel, message), ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                      headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:  # hosts checked on save; no redirect followed
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code} {exc.reason}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendError(f"{type(exc).__name__}: {reason}") from None
    try:
        result = json.loads(answer)
    except ValueError:
        raise SendError(f"not a robot's answer: {answer[:100]!r}") from None
    if not isinstance(result, dict) or result.get("errcode") != 0:
        errmsg = result.get("errmsg") if isinstance(result, dict) else result
        code = result.get("errcode") if isinstance(result, dict) else None
        raise SendError(f"robot refused: errcode {code}: {errmsg}")
