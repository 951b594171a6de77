from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cur.numbers import as_id
from feedback.api.tokens import token_issue
from feedback.models import (
    Answer,
    ApiToken,
    CalendarOverride,
    Channel,
    DeadlinePolicy,
    IntegrationSystem,
    MassProblem,
    Message,
    MessageEvent,
    MessageKind,
    Open311Key,
    PersonalDataView,
    WebhookEndpoint,
)
from feedback.models.integrations import region_today
from feedback.webhooks import safe_http


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_kind", "order", "is_active")
    list_editable = ("order",)


@admin.register(MessageKind)
class MessageKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "extendable", "order")


class EventInline(admin.TabularInline):
    model = MessageEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor", "actor_role", "kind", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ("agency", "author", "kind", "text", "review", "return_reason", "review_note", "reviewed_by", "reviewed_at")
    readonly_fields = ("author", "reviewed_by", "reviewed_at")
    autocomplete_fields = ("agency",)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("number", "registered_at", "channel", "kind", "status", "sector", "agency", "deadline_at", "is_overdue")
    list_filter = ("status", "is_overdue", "channel", "kind", "sector")
    list_select_related = ("channel", "kind", "sector", "agency")
    search_fields = ("text",)
    search_help_text = _("Поиск по тексту с учётом словоформ или по номеру сообщения")
    # At millions of rows an exact COUNT(*) per page is the slowest part of the change list.
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("number", "created_at", "updated_at")
    autocomplete_fields = ("municipality", "category", "agency", "duplicate_of", "mass_problem")
    inlines = [AnswerInline, EventInline]
    fieldsets = (
        (None, {"fields": ("number", "channel", "kind", "external_id", "received_at", "registered_at", "status")}),
        (_("Текст и место"), {"fields": ("text", "address", "municipality", "latitude", "longitude", "source_url")}),
        (_("Автор (персональные данные)"), {"fields": ("author_name", "author_email", "author_phone", "author_address", "author_handle")}),
        (_("Классификация и исполнитель"), {"fields": ("sector", "category", "agency", "duplicate_of", "mass_problem")}),
        (_("Сроки"), {"fields": ("deadline_at", "first_response_due_at", "first_response_at", "answered_at", "closed_at", "is_overdue", "deadline_extended")}),
        (_("Оценка жителя"), {"fields": ("rating", "solved", "rated_at", "returned_count", "reopened_count")}),
        (_("Служебное"), {"fields": ("created_at", "updated_at")}),
    )

    def has_delete_permission(self, request, obj=None):
        # A registered message is a record: it is closed, rejected or merged, never deleted.
        return False

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        pk = as_id(term.lstrip("№ "))
        if pk is not None:
            return queryset.filter(pk=pk), False
        return queryset.filter(search_vector=SearchQuery(term, config="russian", search_type="websearch")), False


@admin.register(MassProblem)
class MassProblemAdmin(admin.ModelAdmin):
    list_display = ("title", "sector", "municipality", "state", "created_at")
    list_filter = ("state", "sector")
    search_fields = ("title", "address")


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "message")
    list_select_related = ("user",)
    raw_id_fields = ("message",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ("kind", "channel", "category", "answer_term", "answer_unit", "first_response_hours", "is_active")
    list_filter = ("kind", "channel", "is_active")
    list_select_related = ("kind", "channel", "category__sector", "category__parent")
    autocomplete_fields = ("category",)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working", "note", "created_by")
    list_select_related = ("created_by",)
    readonly_fields = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


def _expiry_html(expires_on):
    """«по 31.12.2026», or a red «истёк 31.12.2026» once the day is over in the region."""
    if expires_on is None:
        return _("бессрочно")
    if region_today() > expires_on:
        return format_html('<strong style="color: var(--error-fg)">{} {}</strong>', _("истёк"), f"{expires_on:%d.%m.%Y}")
    return format_html("{} {}", _("по"), f"{expires_on:%d.%m.%Y}")


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["is_active", "expires_on"]

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and "expires_on" in self.changed_data and day < region_today():
            raise forms.ValidationError(_("Эта дата уже прошла. Чтобы остановить токен сейчас, снимите «действует»."), code="past")
        return day


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    form = ApiTokenForm
    extra = 0
    fields = ["prefix", "is_active", "expires_on", "expiry", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "expiry", "created_at", "last_used_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # a token is issued by the action below, which shows it once

    @admin.display(description=_("срок действия"))
    def expiry(self, token):
        return _expiry_html(token.expires_on)


@admin.register(IntegrationSystem)
class IntegrationSystemAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "agency", "is_active", "token_expiry", "last_used_at"]
    list_filter = ["is_active", "channel"]
    search_fields = ["name"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "last_used_at"]
    inlines = [ApiTokenInline]
    actions = ["issue_token"]

    def get_queryset(self, request):
        active = models.Q(tokens__is_active=True)
        return super().get_queryset(request).annotate(
            active_tokens=models.Count("tokens", filter=active),
            nearest_expiry=models.Min("tokens__expires_on", filter=active),
        )

    @admin.display(description=_("срок действия токенов"))
    def token_expiry(self, system):
        """The nearest expiry among the tokens not revoked, marked red when it is over."""
        if not system.active_tokens:
            return _("нет действующих токенов")
        shown = _expiry_html(system.nearest_expiry)
        if system.active_tokens > 1:
            return format_html("{} ({} {})", shown, _("токенов:"), system.active_tokens)
        return shown

    @admin.action(description=_("Выпустить новый токен (будет показан один раз)"))
    def issue_token(self, request, queryset):
        for system in queryset:
            _token, key = token_issue(system=system)
            self.message_user(request, _("Токен системы «%(name)s»: %(key)s — сохраните его, он больше не будет показан.") % {"name": system.name, "key": key}, messages.WARNING)


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "key_prefix", "requests_per_minute", "is_active", "last_used_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")

    def save_model(self, request, obj, form, change):
        raw = obj.issue() if not change else None
        super().save_model(request, obj, form, change)
        if raw:
            # Only the hash is stored: this is the one time anyone sees the key.
            from django.contrib import messages

            messages.warning(request, _("Ключ api_key (сохраните его, он больше не будет показан): %(key)s") % {"key": raw})


class WebhookEndpointForm(forms.ModelForm):
    """The admin builds the fields (WebhookEndpointAdmin); this adds the address check."""

    def clean_url(self):
        """An early, helpful refusal of an internal address; every delivery checks it again."""
        url = self.cleaned_data["url"]
        try:
            safe_http.check_url(url)
        except safe_http.NameNotFound:
            pass  # the receiver's name may be registered later: the delivery checks what it resolves to then
        except safe_http.Refused as exc:
            raise forms.ValidationError(str(exc), code="address") from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("agency", "url", "is_active", "created_at", "delivery_log")
    list_filter = ("is_active",)
    readonly_fields = ("created_at",)  # set by the database; as a form field it made «add» impossible

    @admin.display(description=_("журнал доставки"))
    def delivery_log(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}?agency={}">{}</a>', reverse("webhooks:log"), obj.agency_id, _("открыть"))
