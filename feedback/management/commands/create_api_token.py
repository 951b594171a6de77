"""Create (or reuse) an integrated system and print a new API token for it, once."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from feedback.api.tokens import token_issue
from feedback.models import ApiScope, Channel, IntegrationSystem
from feedback.models.integrations import region_today
from sectors.models import Agency


class Command(BaseCommand):
    help = "Создаёт внешнюю систему (или берёт существующую по названию) и выпускает ей токен API; токен печатается один раз."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Название системы.")
        parser.add_argument("--channel", required=True, help="Код канала, в котором система создаёт сообщения.")
        parser.add_argument(
            "--scopes", default="messages:create,messages:read,changes:read",
            help=f"Права через запятую: {', '.join(ApiScope.values)}.",
        )
        parser.add_argument("--agency", type=int, help="Id органа: система видит только его сообщения.")
        parser.add_argument("--user", help="Логин учётной записи органа, от имени которой даются ответы.")
        parser.add_argument("--rate", type=int, help="Предел запросов в минуту для системы.")
        parser.add_argument("--expires", help="ДД.ММ.ГГГГ — последний день действия токена (до конца дня по времени региона).")

    def handle(self, *args, name, channel, scopes, agency, user, rate, expires=None, **options):
        expires_on = _expiry(expires) if expires else None
        scope_list = [s.strip() for s in scopes.split(",") if s.strip()]
        unknown = sorted(set(scope_list) - set(ApiScope.values))
        if unknown:
            raise CommandError(f"Неизвестные права: {', '.join(unknown)}; допустимые: {', '.join(ApiScope.values)}.")
        try:
            channel_obj = Channel.objects.get(code=channel)
        except Channel.DoesNotExist:
            raise CommandError(f"Канал «{channel}» не найден.") from None
        system = IntegrationSystem.objects.filter(name=name).first() or IntegrationSystem(name=name)
        system.channel = channel_obj
        system.scopes = scope_list
        system.agency = Agency.objects.filter(pk=agency).first() if agency else None
        if agency and system.agency is None:
            raise CommandError(f"Орган с id {agency} не найден.")
        system.user = get_user_model().objects.filter(username=user).first() if user else None
        if user and system.user is None:
            raise CommandError(f"Пользователь «{user}» не найден.")
        system.rate_per_minute = rate
        try:
            system.full_clean()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        system.save()
        _token, key = token_issue(system=system, expires_on=expires_on)
        until = f", действует по {expires_on:%d.%m.%Y} включительно" if expires_on else ""
        self.stderr.write(f"Токен системы «{system.name}»{until} (показывается один раз):")
        self.stdout.write(key)


def _expiry(text: str) -> datetime.date:
    try:
        day = datetime.datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        raise CommandError(f"Дата --expires «{text}» не распознана: нужен вид ДД.ММ.ГГГГ, например 31.12.2026.") from None
    today = region_today()
    if day < today:
        raise CommandError(f"Дата --expires {day:%d.%m.%Y} уже прошла (сегодня {today:%d.%m.%Y}): укажите сегодняшнюю или более позднюю.")
    return day
