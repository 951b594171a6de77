"""The API's shapes: what systems send (described for the schema; checked by the intake form) and
what they get back. Personal data of authors is never returned: systems already hold it.
"""

from __future__ import annotations

from rest_framework import serializers

from feedback.models import AnswerKind

_REQUIRED = {"required": "Обязательное поле.", "blank": "Поле не может быть пустым.", "null": "Поле не может быть пустым."}


class MessageInSerializer(serializers.Serializer):
    """One message. Values are checked exactly as in file imports (feedback.forms.intake)."""

    external_id = serializers.CharField(max_length=200, help_text="Номер во внешней системе; повторная доставка с тем же номером не создаёт второе сообщение.")
    text = serializers.CharField(help_text="Текст сообщения.")
    received_at = serializers.CharField(help_text="Дата поступления: ISO 8601 или ДД.ММ.ГГГГ ЧЧ:ММ (время региона, если без зоны).")
    kind = serializers.CharField(required=False, help_text="Код вида сообщения; по умолчанию — вид канала.")
    channel = serializers.CharField(required=False, help_text="Код канала; если указан, должен совпадать с каналом токена.")
    municipality = serializers.CharField(required=False, help_text="Муниципальное образование: название или код ОКТМО.")
    address = serializers.CharField(required=False, max_length=500)
    latitude = serializers.FloatField(required=False, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, min_value=-180, max_value=180)
    author_name = serializers.CharField(required=False, max_length=300)
    author_email = serializers.EmailField(required=False, max_length=254)
    author_phone = serializers.CharField(required=False, max_length=40)
    author_address = serializers.CharField(required=False, max_length=500)
    author_handle = serializers.CharField(required=False, max_length=300)
    source_url = serializers.URLField(required=False, max_length=1000)
    category = serializers.CharField(
        required=False,
        help_text="Код категории (как service_code в Open311; при совпадении кодов — «блок/код»). Если указан, сообщение "
        "классифицируется сразу и, если есть правило маршрутизации, направляется в орган.",
    )


class BatchInSerializer(serializers.Serializer):
    items = MessageInSerializer(many=True, help_text="До 1000 сообщений.")


class ItemResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Номер элемента в пакете, с нуля.")
    external_id = serializers.CharField(allow_null=True)
    result = serializers.ChoiceField(choices=["created", "duplicate", "error"])
    number = serializers.CharField(allow_null=True, help_text="Номер сообщения в ЦУР (созданного или уже существующего).")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), allow_null=True)


class BatchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = ItemResultSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class AnswerInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=AnswerKind.choices, error_messages={**_REQUIRED, "invalid_choice": "Вид ответа: interim (промежуточный) или final (окончательный)."},
    )
    text = serializers.CharField(max_length=20000, error_messages={**_REQUIRED, "max_length": "Текст ответа длиннее 20000 символов."})


class AgencyOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AnswerOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    review = serializers.CharField(help_text="pending — на проверке ЦУР, accepted — принят, returned — возвращён.")


class EventOutSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    from_status = serializers.CharField()
    to_status = serializers.CharField()


class MessageOutSerializer(serializers.Serializer):
    number = serializers.CharField()
    external_id = serializers.CharField(allow_null=True)
    channel = serializers.CharField(source="channel.code")
    kind = serializers.CharField(source="kind.code")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField()
    registered_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)
    first_response_due_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    is_overdue = serializers.BooleanField()
    agency = AgencyOutSerializer(allow_null=True)
    answers = AnswerOutSerializer(many=True, source="api_answers")
    history = EventOutSerializer(many=True, source="api_events")


class MessageCreatedSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["created", "duplicate"])
    number = serializers.CharField()
    external_id = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    number = serializers.CharField()
    external_id = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    changed_at = serializers.DateTimeField()
    event = serializers.CharField(help_text="Последнее событие истории на этой странице.")


class ChangesPageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="Адрес следующей страницы; null — изменений больше нет.")
