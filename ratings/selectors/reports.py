"""Who reads the governor's reports, and the archive as each reader may see it.

The head makes the reports (generates, writes conclusions, issues) and reads everything; the
curator, whom the head reports to, also reads drafts. The responsible executive, the directions'
leads and the governor's office read the archive of final versions only: a draft is the head's
work in progress. Everyone else (operators, sector roles, agency staff) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from cur.access import access_for
from cur.access_rules import REPORT_DRAFT_READERS, REPORT_MANAGERS, REPORT_READERS
from ratings.models import MonthlyReport, ReportVersion

MANAGERS = REPORT_MANAGERS
DRAFT_READERS = REPORT_DRAFT_READERS
READERS = REPORT_READERS


@dataclass(frozen=True)
class ReportAccess:
    manages: bool
    reads_drafts: bool

    def versions(self):
        qs = ReportVersion.objects.select_related("issued_by", "requested_by", "report")
        return qs if self.reads_drafts else qs.filter(state=ReportVersion.State.FINAL)


def report_access(user) -> ReportAccess:
    access = access_for(user)
    if not (access.is_superuser or access.roles & READERS):
        raise PermissionDenied(_("Доклады губернатору доступны руководству ЦУР и аппарату губернатора."))
    return ReportAccess(
        manages=access.is_superuser or bool(access.roles & MANAGERS),
        reads_drafts=access.is_superuser or bool(access.roles & DRAFT_READERS),
    )


def require_manager(user) -> ReportAccess:
    access = report_access(user)
    if not access.manages:
        raise PermissionDenied(_("Формирует и выпускает доклад руководитель ЦУР."))
    return access


def report_archive(access: ReportAccess) -> list[MonthlyReport]:
    """The months with a version the reader may see, newest first, each with its versions (two queries)."""
    versions = access.versions().order_by("-number")
    reports = MonthlyReport.objects.filter(versions__in=versions).distinct().order_by("-month").prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="visible_versions")
    )
    return list(reports)


def month_versions(access: ReportAccess, month: date) -> list[ReportVersion]:
    """The month's versions the reader may see, newest first."""
    return list(access.versions().filter(report__month=month).order_by("-number"))


def version_for(access: ReportAccess, month: date, number: int) -> ReportVersion:
    """A version the reader may see, or 404: a draft does not exist for who may not read drafts."""
    version = access.versions().filter(report__month=month, number=number).first()
    if version is None:
        raise Http404
    return version
