"""Saving and deleting a user's named statistical slices."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ratings.models import SavedSlice

MAX_SAVED_SLICES = 50
NAME_MAX_LENGTH = SavedSlice._meta.get_field("name").max_length
QUERY_MAX_LENGTH = SavedSlice._meta.get_field("query").max_length


def _duplicate(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Срез «%(name)s» уже сохранён: выберите другое название.") % {"name": name}}, code="duplicate"
    )


@transaction.atomic
def saved_slice_create(*, owner, name: str, query_string: str) -> SavedSlice:
    """Save `query_string` (the page's GET string, already cleaned of unknown parameters) under a name."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Назовите срез.")}, code="required")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Название длиннее %(n)d знаков: сократите его.") % {"n": NAME_MAX_LENGTH}}, code="max_length"
        )
    if len(query_string) > QUERY_MAX_LENGTH:
        raise ValidationError(_("Слишком много отборов, чтобы сохранить срез: уберите часть из них."), code="query_too_long")
    # The owner's row is locked so that two saves at once cannot both pass the limit check.
    list(get_user_model().objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
    if SavedSlice.objects.filter(owner=owner, name=name).exists():
        raise _duplicate(name)
    if SavedSlice.objects.filter(owner=owner).count() >= MAX_SAVED_SLICES:
        raise ValidationError(
            _("Сохранено уже %(n)d срезов: удалите ненужные, прежде чем сохранять новый.") % {"n": MAX_SAVED_SLICES},
            code="too_many",
        )
    try:
        with transaction.atomic():
            return SavedSlice.objects.create(owner=owner, name=name, query=query_string)
    except IntegrityError:
        raise _duplicate(name) from None


def saved_slice_delete(*, saved: SavedSlice, by) -> None:
    """Only the owner deletes a slice; others may open a shared one but never remove it."""
    if saved.owner_id != by.pk:
        raise PermissionDenied(_("Удалить срез может только тот, кто его сохранил."))
    saved.delete()
