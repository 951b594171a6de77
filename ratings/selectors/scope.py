"""Whose statistics a reader may see: the whole region, some sectors, or nothing (403)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cur.access import access_for
from cur.roles import READ_ALL_STATISTICS, SECTOR_SCOPED


def statistics_scope(user) -> frozenset[int] | None:
    """None for the whole region, or the sectors the user answers for; PermissionDenied otherwise."""
    access = access_for(user)
    if access.is_superuser or access.roles & READ_ALL_STATISTICS:
        return None
    if access.roles & SECTOR_SCOPED and access.sector_ids:
        return access.sector_ids
    raise PermissionDenied(_("Статистика доступна сотрудникам ЦУР и руководителям отраслевых блоков."))


def check_sectors_in_scope(scope: frozenset[int] | None, sector_ids: Iterable[int]) -> None:
    """A sector-scoped reader asking for another sector's figures is refused, not quietly narrowed."""
    if scope is None:
        return
    outside = set(sector_ids) - scope
    if outside:
        raise PermissionDenied(_("Этот отраслевой блок вам не подчинён: его статистика недоступна."))
