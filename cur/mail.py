"""Every letter the portal sends: a subject and a body rendered from templates/emails/ (Russian
source text with gettext), to addresses chosen by one rule (sectors.selectors.role_holders).

Templates are plain text, not HTML: residents' and officials' words are put in as they are (no
HTML escaping to show as «&quot;»), and a letter reads the same in any mail client.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def portal_url(path: str = "/") -> str:
    """An address of the portal as people open it (settings.CUR_PUBLIC_URL), for links in letters."""
    return settings.CUR_PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")


def render_letter(template: str, context: dict) -> tuple[str, str]:
    """(subject, body) of templates/emails/<template>.subject.txt and .body.txt."""
    context = {"portal_url": portal_url(), "region_name": settings.CUR_REGION_NAME, **context}
    subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
    body = render_to_string(f"emails/{template}.body.txt", context).strip() + "\n"
    return subject, body


def send_letter(template: str, context: dict, to: Iterable[str], *, attachments: Iterable[tuple[str, bytes, str]] = ()) -> list[str]:
    """One letter to all of `to`, each address once; the addresses it went to (none: not sent)."""
    recipients = sorted({address.strip() for address in to if address and address.strip()}, key=str.lower)
    if not recipients:
        return []
    subject, body = render_letter(template, context)
    message = EmailMessage(subject=subject, body=body, to=recipients)
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    return recipients
