"""The e-mail channel: IMAP polling with a fake mailbox, MIME text, idempotency on Message-ID."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from feedback.adapters.mail import letter_fields, mailbox_poll
from feedback.models import Channel, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_channel(region):
    return Channel.objects.create(code="email", name="Электронная почта", default_kind=region.appeal)


def _letter(message_id="<abc@mail.example>", *, plain=None, html=None, subject="Яма во дворе", attach=False) -> bytes:
    letter = EmailMessage()
    letter["From"] = "Иван Петров <ivan@example.ru>"
    letter["To"] = "cur@region.example"
    letter["Subject"] = subject
    letter["Date"] = "Mon, 30 Nov 2026 10:15:00 +0300"
    if message_id:
        letter["Message-ID"] = message_id
    if plain is not None:
        letter.set_content(plain)
    if html is not None:
        if plain is None:
            letter.set_content(html, subtype="html")
        else:
            letter.add_alternative(html, subtype="html")
    if attach:
        letter.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="фото.pdf")
    return bytes(letter)


class FakeIMAP:
    """Just the imaplib.IMAP4 calls the adapter makes, over a dict of uid → raw letter."""

    def __init__(self, letters: dict[bytes, bytes]):
        self.letters = letters
        self.seen: set[bytes] = set()
        self.selected = None
        self.logged_out = False

    def select(self, folder):
        self.selected = folder
        return "OK", [str(len(self.letters)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            return "OK", [b" ".join(u for u in self.letters if u not in self.seen)]
        if command == "FETCH":
            uid = args[0]
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {1}", self.letters[uid]), b")"]
        if command == "STORE":
            self.seen.add(args[0])
            return "OK", []
        raise AssertionError(command)

    def logout(self):
        self.logged_out = True


def test_it_registers_unseen_letters_once_and_marks_them_read(email_channel, settings):
    settings.CUR_IMAP_FOLDER = "ЦУР"
    box = FakeIMAP({b"1": _letter(plain="Во дворе дома 5 по ул. Советской яма."), b"2": _letter("<other@mail>", plain="Второе письмо")})
    report = mailbox_poll(connect=lambda: box)
    assert (report.created, report.duplicates, report.errors) == (2, 0, [])
    assert box.selected == "ЦУР" and box.seen == {b"1", b"2"} and box.logged_out
    m = Message.objects.get(external_id="abc@mail.example")
    assert m.channel == email_channel and m.kind.code == "appeal"
    assert (m.author_name, m.author_email) == ("Иван Петров", "ivan@example.ru")
    assert m.text == "Яма во дворе\n\nВо дворе дома 5 по ул. Советской яма."
    # The same letter again (not marked read after a crash, or copied): no second message.
    box.seen.clear()
    again = mailbox_poll(connect=lambda: box)
    assert (again.created, again.duplicates) == (0, 2)
    assert Message.objects.count() == 2


def test_it_takes_the_html_part_without_markup_and_ignores_attachments(email_channel):
    raw = _letter(html="<p>Нет <b>света</b> &amp; воды</p><script>alert(1)</script><br>Ленина, 3", attach=True)
    fields, extra = letter_fields(raw)
    assert fields["text"] == "Яма во дворе\n\nНет света & воды\n\nЛенина, 3"
    assert "<" not in fields["text"] and "alert" not in fields["text"]
    assert extra["attachments"] == ["фото.pdf"]


def test_it_prefers_the_plain_part(email_channel):
    fields, _ = letter_fields(_letter(plain="Простой текст", html="<p>HTML</p>"))
    assert fields["text"] == "Яма во дворе\n\nПростой текст"


def test_it_names_a_letter_without_message_id_by_its_hash(email_channel):
    raw = _letter(None, plain="Текст")
    first, _ = letter_fields(raw)
    second, _ = letter_fields(raw)
    assert first["external_id"].startswith("sha256:") and first["external_id"] == second["external_id"]


def test_it_reports_an_empty_letter_and_still_marks_it_read(email_channel):
    box = FakeIMAP({b"7": _letter(plain="", subject="")})
    report = mailbox_poll(connect=lambda: box)
    assert report.created == 0 and len(report.errors) == 1 and "Не заполнен текст" in report.errors[0]
    assert box.seen == {b"7"} and Message.objects.count() == 0


def test_it_polls_only_when_configured(settings):
    from importlib import reload

    import cur.settings.base as base

    assert "poll-mailbox" not in base.CELERY_BEAT_SCHEDULE or base.CUR_IMAP_HOST
    import os

    os.environ["CUR_IMAP_HOST"] = "imap.example"
    try:
        reloaded = reload(base)
        assert reloaded.CELERY_BEAT_SCHEDULE["poll-mailbox"]["task"] == "feedback.tasks.poll_mailbox"
    finally:
        del os.environ["CUR_IMAP_HOST"]
        reload(base)
