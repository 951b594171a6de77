from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from feedback.demo.generator import ReferenceMissing, generate_demo_data


def _moment(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационные сообщения жителей с ответами органов и историей: по каналам, отраслям, "
        "муниципалитетам и месяцам. Повторный запуск добавляет новые сообщения."
    )

    def add_arguments(self, parser):
        parser.add_argument("--messages", type=int, default=10_000, help="сколько сообщений создать (по умолчанию 10000)")
        parser.add_argument("--months", type=int, default=12, help="за сколько последних месяцев (по умолчанию 12)")
        parser.add_argument("--seed", type=int, default=1, help="зерно случайных чисел: одно зерно — одни и те же данные")
        parser.add_argument("--now", type=_moment, default=None, help="момент «сейчас» (ISO 8601) для воспроизводимых данных")
        parser.add_argument("--no-progress", action="store_true", help="не показывать индикатор выполнения")

    def handle(self, *args, messages, months, seed, now, no_progress, **options):
        if messages < 0:
            raise CommandError("Число сообщений не может быть отрицательным.")
        if months < 1:
            raise CommandError("Число месяцев должно быть не меньше 1.")
        show = not no_progress and options.get("verbosity", 1) > 0
        bar = tqdm(total=messages, unit="сообщ", desc="Демо-сообщения", disable=not show, dynamic_ncols=True)
        try:
            result = generate_demo_data(
                messages=messages, months=months, seed=seed, now=now, progress=bar.update,
                phase=bar.set_description if show else None,
            )
        except ReferenceMissing as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        if options.get("verbosity", 1) > 0:
            self.stdout.write(
                f"Создано сообщений: {result.messages}, событий истории: {result.events}, ответов: {result.answers} "
                f"за {result.seconds:.1f} с."
            )
