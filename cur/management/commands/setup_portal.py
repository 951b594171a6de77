from django.core.management import call_command
from django.core.management.base import BaseCommand

from sectors.models import Municipality


class Command(BaseCommand):
    help = "Готовит портал к запуску: справочники всегда, демо-регион и демо-сообщения только при первом запуске."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="не загружать демо-регион")
        parser.add_argument("--no-demo-messages", action="store_true", help="загрузить демо-регион без сообщений")
        parser.add_argument("--demo-messages", type=int, default=30000, help="сколько демо-сообщений создать (по умолчанию 30000)")

    def handle(self, *args, no_demo, no_demo_messages, demo_messages, **options):
        call_command("load_reference", verbosity=0)
        self._fill_stats_once()
        if no_demo:
            return
        if not Municipality.objects.exists():
            self.stdout.write("Первый запуск: загружаю демо-регион…")
            call_command("load_demo_region")
            if not no_demo_messages and demo_messages > 0:
                self.stdout.write(f"Создаю {demo_messages} демо-сообщений за 13 месяцев…")
                call_command("demo_data", messages=demo_messages, months=13, seed=1)
        self._demo_projects()

    def _demo_projects(self):
        """Demo passports, indicators, roadmap and risks: once, when the demo users exist and no project does."""
        from roadmap.demo import load_demo_projects

        created = load_demo_projects()
        if created:
            self.stdout.write("Демо-проекты загружены (" + ", ".join(f"{k}: {v}" for k, v in created.items()) + ").")

    def _fill_stats_once(self):
        """Messages that predate the statistics rollups (an upgraded installation) are counted once."""
        from feedback.models import Message
        from ratings.models import MonthlyStat
        from ratings.services.stats import stats_rebuild

        if not MonthlyStat.objects.exists() and Message.objects.exists():
            self.stdout.write("Считаю сводки для дашбордов по уже загруженным сообщениям…")
            stats_rebuild()
