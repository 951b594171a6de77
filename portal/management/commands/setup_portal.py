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
        demo_created = False
        if no_demo:
            return
        if not Municipality.objects.exists():
            self.stdout.write("Первый запуск: загружаю демо-регион…")
            call_command("load_demo_region")
            if not no_demo_messages and demo_messages > 0:
                self.stdout.write(f"Создаю {demo_messages} демо-сообщений за 13 месяцев…")
                call_command("demo_data", messages=demo_messages, months=13, seed=1)
                demo_created = True
        self._fill_ratings_once()
        self._demo_projects()
        # After the ratings and the projects: the report's sections read them.
        if demo_created:
            self._demo_report()
            self._demo_classifier()
            self._demo_growth_notifications()

    def _demo_classifier(self):
        """Both suggestion models learn from the demo operators' decisions in the Celery worker
        that `make run` starts next; the first version of each becomes active by itself and the
        new messages get their suggestions (feedback.services.suggestions)."""
        from feedback.classifier.training import TrainingRefused, classifier_version_request
        from feedback.models import OPEN_STATUSES, ClassifierTarget, Message
        from feedback.services.suggestions import queue_analysis

        for target in (ClassifierTarget.CATEGORY, ClassifierTarget.SECTOR):
            try:
                classifier_version_request(target=target, by=None)
            except TrainingRefused:
                continue
        # The demo's open messages were written by COPY, not through intake: their tone is read now.
        queue_analysis(list(Message.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True)))
        self.stdout.write("Обучение классификатора поставлено в очередь: подсказки появятся через 1–2 минуты после запуска.")

    def _demo_report(self):
        """The previous month's draft report to the governor, built in place (a few seconds)."""
        from django.utils import timezone

        from ratings.periods import add_months
        from ratings.services.reports import report_build, report_generate

        month = add_months(timezone.localdate().replace(day=1), -1)
        self.stdout.write(f"Формирую проект доклада губернатору за {month:%m.%Y}…")
        report_build(version_id=report_generate(month=month, queue=False).pk)

    def _demo_growth_notifications(self):
        """Today's burst in one municipality and the hourly growth task run once: the head's bell is not empty."""
        from feedback.demo.growth_spike import plant_growth_spike
        from ratings.services.growth_notifications import growth_notifications_send

        added = plant_growth_spike()
        sent = growth_notifications_send()
        self.stdout.write(f"Рост обращений в демо-регионе: {added} сообщ. сегодня, уведомлений: {sent}.")

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

    def _fill_ratings_once(self):
        """The last full months rated once, so the head sees last month's rating right away."""
        from ratings.services.rating_demo import RATED_MONTHS, ratings_fill_once

        if ratings_fill_once():
            self.stdout.write(f"Рассчитан рейтинг органов и муниципалитетов за последние {RATED_MONTHS} мес.")
