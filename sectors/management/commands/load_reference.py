from django.core.management.base import BaseCommand

from sectors.services.category_rules import sector_category_problems
from sectors.services.reference import load_reference


class Command(BaseCommand):
    help = "Загружает справочники: отраслевые блоки и категории, каналы, виды сообщений, роли ЦУР. Повторный запуск безопасен."

    def handle(self, *args, **options):
        created = load_reference()
        added = ", ".join(f"{name}: {n}" for name, n in created.items() if n) or "ничего нового"
        self.stdout.write(f"Справочники загружены ({added}).")
        from sectors.models import Sector

        for sector in Sector.objects.all():
            for problem in sector_category_problems(sector):
                self.stderr.write(self.style.WARNING(problem))
