from django.core.management.base import BaseCommand
from django.db import transaction

from feedback.services.reference import load_message_reference
from sectors.models import Sector
from sectors.services.category_rules import sector_category_problems
from sectors.services.reference import load_reference


class Command(BaseCommand):
    help = "Загружает справочники: отраслевые блоки и категории, каналы, виды сообщений, роли ЦУР. Повторный запуск безопасен."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = load_message_reference() + load_reference()
        added = ", ".join(f"{name}: {n}" for name, n in created.items() if n) or "ничего нового"
        self.stdout.write(f"Справочники загружены ({added}).")
        for sector in Sector.objects.all():
            for problem in sector_category_problems(sector):
                self.stderr.write(self.style.WARNING(problem))
