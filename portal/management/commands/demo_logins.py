from django.core.management.base import BaseCommand

from sectors.services.reference import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Печатает адрес портала и демо-учётные записи каждой роли."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        rows = demo_logins()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Портал ЦУР работает: {url}"))
        if rows:
            self.stdout.write(f"Демо-учётные записи (пароль у всех: {DEMO_PASSWORD}):")
            width = max(len(login) for login, *_ in rows)
            for login, full_name, roles in rows:
                self.stdout.write(f"  {login.ljust(width)}  {roles} — {full_name}")
        self.stdout.write(f"Администрирование справочников: {url}admin/ (вход под head)")
        self.stdout.write("")
