"""saved_slice_create / saved_slice_delete: names, limits and who may delete."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cur.roles import RoleCode
from ratings.models import SavedSlice
from ratings.services.saved_slices import MAX_SAVED_SLICES, saved_slice_create, saved_slice_delete


@pytest.fixture
def head(make_user):
    return make_user(RoleCode.HEAD)


def messages_of(error: ValidationError) -> list[str]:
    return [text for texts in error.message_dict.values() for text in texts] if hasattr(error, "error_dict") else error.messages


def test_it_saves_a_slice_under_a_tidied_name(head):
    saved = saved_slice_create(owner=head, name="  ЖКХ   по месяцам ", query_string="rows=category&sector=3")
    assert (saved.owner, saved.name, saved.query) == (head, "ЖКХ по месяцам", "rows=category&sector=3")
    assert saved.created_at is not None


def test_it_refuses_an_empty_name(head):
    with pytest.raises(ValidationError) as caught:
        saved_slice_create(owner=head, name="   ", query_string="")
    assert messages_of(caught.value) == ["Назовите срез."]


def test_it_refuses_a_name_already_taken_by_the_same_owner(head, make_user):
    saved_slice_create(owner=head, name="Дороги", query_string="rows=municipality")
    with pytest.raises(ValidationError) as caught:
        saved_slice_create(owner=head, name=" Дороги ", query_string="rows=agency")
    assert messages_of(caught.value) == ["Срез «Дороги» уже сохранён: выберите другое название."]
    # Another user may use the same name.
    saved_slice_create(owner=make_user(RoleCode.CURATOR), name="Дороги", query_string="")
    assert SavedSlice.objects.get(owner=head).query == "rows=municipality"


def test_it_refuses_a_name_too_long(head):
    with pytest.raises(ValidationError):
        saved_slice_create(owner=head, name="я" * 121, query_string="")


def test_it_keeps_at_most_50_per_user(head):
    SavedSlice.objects.bulk_create(SavedSlice(owner=head, name=f"Срез {i}", query="") for i in range(MAX_SAVED_SLICES))
    with pytest.raises(ValidationError) as caught:
        saved_slice_create(owner=head, name="Ещё один", query_string="")
    assert "Сохранено уже 50 срезов" in messages_of(caught.value)[0]


def test_it_lets_only_the_owner_delete(head, make_user):
    saved = saved_slice_create(owner=head, name="Мой", query_string="")
    with pytest.raises(PermissionDenied):
        saved_slice_delete(saved=saved, by=make_user(RoleCode.HEAD))
    assert SavedSlice.objects.filter(pk=saved.pk).exists()
    saved_slice_delete(saved=saved, by=head)
    assert not SavedSlice.objects.filter(pk=saved.pk).exists()
