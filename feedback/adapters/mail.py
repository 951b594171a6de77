"""E-mail channel: new letters of the ЦУР's mailbox become messages (IMAP, polled by Celery beat).

Message-ID is the external id, so a letter read twice (a crash before it was marked read, a copy in
two folders) is one message. The text is the plain part, or the HTML part with its markup removed;
the portal escapes it on output like any resident's text. Attachments are not taken: their names
are kept in the history's details.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import html
import imaplib
import logging
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from feedback.forms.intake import IncomingMessageForm
from feedback.models import Channel
from feedback.services.intake import messages_ingest

log = logging.getLogger(__name__)
MAX_LETTERS_PER_POLL = 200


@dataclass
class PollReport:
    created: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)


def _html_to_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", markup)
    return html.unescape(strip_tags(markup))


def letter_text(letter: EmailMessage) -> str:
    body = letter.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    if body.get_content_type() == "text/html":
        content = _html_to_text(content)
    lines = [" ".join(line.split()) for line in content.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def letter_fields(raw: bytes) -> tuple[dict, dict]:
    """The form's fields and the history's details of one letter."""
    letter = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = (letter.get("Message-ID") or "").strip().strip("<>")
    external_id = message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    name, address = parseaddr(str(letter.get("From") or ""))
    try:
        received = parsedate_to_datetime(str(letter["Date"])) if letter["Date"] else timezone.now()
    except (TypeError, ValueError):
        received = timezone.now()
    # A sender's clock far in the future must not make the letter invalid: take the time of reading.
    received = min(received, timezone.now())
    subject = str(letter.get("Subject") or "").strip()
    text = letter_text(letter)
    if subject and text:
        text = f"{subject}\n\n{text}"
    attachments = [part.get_filename() or "без имени" for part in letter.iter_attachments()]
    fields = {"external_id": external_id[:200], "text": text or subject, "received_at": received, "author_name": name, "author_email": address}
    return fields, {"source": "imap", "subject": subject[:300], "attachments": attachments}


def _connect() -> imaplib.IMAP4:
    client = imaplib.IMAP4_SSL(settings.CUR_IMAP_HOST, settings.CUR_IMAP_PORT, timeout=60)
    client.login(settings.CUR_IMAP_USER, settings.CUR_IMAP_PASSWORD)
    return client


def mailbox_poll(*, connect=_connect) -> PollReport:
    """Read the folder's unseen letters, register them, mark each read once it is stored."""
    channel = Channel.objects.select_related("default_kind").get(code=settings.CUR_IMAP_CHANNEL)
    report = PollReport()
    client = connect()
    try:
        status, _ = client.select(settings.CUR_IMAP_FOLDER)
        if status != "OK":
            raise RuntimeError(f"Папка {settings.CUR_IMAP_FOLDER} не открывается.")
        status, data = client.uid("SEARCH", None, "UNSEEN")
        uids = (data[0] or b"").split()[:MAX_LETTERS_PER_POLL] if status == "OK" else []
        for uid in uids:
            status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None) if status == "OK" else None
            if raw is None:
                report.errors.append(f"Письмо {uid.decode()}: не прочитано.")
                continue
            _ingest_letter(channel, uid, raw, report)
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return report


def _ingest_letter(channel: Channel, uid: bytes, raw: bytes, report: PollReport) -> None:
    fields, extra = letter_fields(raw)
    form = IncomingMessageForm(fields)
    if not form.is_valid():
        # Marked read anyway: an empty letter will not become valid by reading it again.
        error = f"Письмо {uid.decode()} ({extra['subject'] or 'без темы'}): " + " ".join(form.error_list())
        log.warning(error)
        report.errors.append(error)
        return
    item = form.to_incoming()
    item.extra = extra
    result = messages_ingest(channel=channel, items=[item])
    report.created += len(result.created)
    report.duplicates += len(result.duplicates)
