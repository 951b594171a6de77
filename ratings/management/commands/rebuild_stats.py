from django.core.management.base import BaseCommand

from ratings.services.stats import stats_mismatches, stats_rebuild


class Command(BaseCommand):
    help = "Пересчитывает сводки для дашбордов и статистических разрезов по всем сообщениям (или проверяет их с --check)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="только сверить сводки с сообщениями")

    def handle(self, *args, check, **options):
        if check:
            problems = stats_mismatches()
            for problem in problems:
                self.stderr.write(problem)
            self.stdout.write("Сводки совпадают с сообщениями." if not problems else f"Расхождений: {len(problems)}.")
            return
        self.stdout.write("Пересчитываю сводки…")
        for table, seconds in stats_rebuild().items():
            self.stdout.write(f"  {table}: {seconds:.1f} с")
        self.stdout.write("Готово.")
