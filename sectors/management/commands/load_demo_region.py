from django.core.management.base import BaseCommand, CommandError

from sectors.services.reference import load_demo_region


class Command(BaseCommand):
    help = "Загружает демонстрационный регион (Тверская область): муниципалитеты, органы, маршрутизацию, должностных лиц и демо-пользователей."

    def handle(self, *args, **options):
        try:
            created = load_demo_region()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        added = ", ".join(f"{name}: {n}" for name, n in created.items() if n) or "ничего нового"
        self.stdout.write(f"Демо-регион загружен ({added}).")
