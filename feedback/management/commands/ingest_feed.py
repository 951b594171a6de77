"""manage.py ingest_feed --kind pos|social FILE_OR_URL — load a channel's JSON feed, idempotently."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback.adapters.feeds import KINDS, MAX_FEED_BYTES, FeedError, feed_fetch, feed_ingest
from feedback.models import Channel

MAX_BYTES = MAX_FEED_BYTES


class Command(BaseCommand):
    help = "Загрузить ленту ПОС или мониторинга соцсетей (JSON) из файла или по адресу; повторная загрузка не создаёт дубликатов."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Путь к файлу или адрес http(s)://…")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--channel", help="Код канала (по умолчанию pos или social).")

    def handle(self, *args, source: str, kind: str, channel: str | None, **options):
        raw = self._read(source)
        found = None
        if channel:
            found = Channel.objects.filter(code=channel).first()
            if found is None:
                raise CommandError(f"Канал «{channel}» не найден.")
        try:
            report = feed_ingest(kind=kind, raw=raw, channel=found)
        except (FeedError, Channel.DoesNotExist) as error:
            raise CommandError(str(error) or "Канал ленты не найден.") from None
        for line in report.errors:
            self.stderr.write(line)
        self.stdout.write(f"Создано: {report.created}; уже были: {report.duplicates}; с ошибками: {len(report.errors)}.")

    @staticmethod
    def _read(source: str) -> bytes:
        if source.startswith(("http://", "https://")):
            try:
                return feed_fetch(source)
            except FeedError as error:
                raise CommandError(str(error)) from None
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"Файл {source} не найден.")
            raw = path.read_bytes()[: MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            raise CommandError("Лента больше 50 МБ: разбейте её на части.")
        return raw
