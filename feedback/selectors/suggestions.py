"""Reads of the stored analysis (suggestion and tone) for lists of messages."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from feedback.models import MessageSuggestion


def suggestions_by_message(message_ids: Iterable[int]) -> dict[int, MessageSuggestion]:
    """The stored analysis of these messages (one query; a page's 50 rows), with the suggested
    category and its sector for the row's text."""
    ids = list(message_ids)
    if not ids:
        return {}
    rows = MessageSuggestion.objects.filter(message_id__in=ids).select_related("category__sector").only(
        "message_id", "confidence", "tone", "version_id", "category__name", "category__is_active",
        "category__sector__name", "category__sector__short_name",
    )
    return {row.message_id: row for row in rows}


def flagged_tone() -> Q:
    """Messages whose tone was flagged (threats, obscenity, conflict): a semi-join that reads the
    few flagged rows through their partial index."""
    return Q(Exists(MessageSuggestion.objects.filter(message=OuterRef("pk")).exclude(tone=[])))
