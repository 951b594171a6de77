"""What every roadmap view shares: the access gate, the sector filter of the lists and the page
that explains a refusal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from roadmap.access import may_open_projects, may_open_roadmap, readable_sector_ids
from roadmap.services.approvals import ApprovalIncomplete


def require_projects(user) -> None:
    if not may_open_projects(user):
        raise PermissionDenied(_("Проекты доступны руководству ЦУР и ответственным за отраслевые блоки."))


def require_roadmap(user) -> None:
    if not may_open_roadmap(user):
        raise PermissionDenied(_("Дорожная карта доступна руководству ЦУР и ответственным за её мероприятия."))


def sector_param(request) -> int | None:
    """The list's `?sector=`: None for all the user reads; 403 for a sector he does not read."""
    raw = request.GET.get("sector", "").strip()
    if not raw:
        return None
    try:
        sector_id = int(raw)
    except ValueError:
        raise Http404 from None
    ids = readable_sector_ids(request.user)
    if ids is not None and sector_id not in ids:
        raise PermissionDenied(_("Это не ваш отраслевой блок."))
    return sector_id


def refused(request, exc, back: str):
    """A refusal in Russian: 400 when something is missing, 403 when the actor may not act."""
    status = 400 if isinstance(exc, ApprovalIncomplete) else 403
    return render(request, "roadmap/refused.html", {"reason": str(exc), "back": back}, status=status)
