"""The approvable documents of the ЦУР, registered once each (imported by RoadmapConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from roadmap.approvals.chains import CURATOR_DECISION, PROJECT_DOCUMENT
from roadmap.approvals.registry import Approvable, register
from roadmap.models import GroupComposition, Indicator, PassportVersion, ProgressReport
from roadmap.services import groups, indicators, passports, reports

register(Approvable(
    PassportVersion, PROJECT_DOCUMENT, _("Паспорт проекта"), "roadmap:passport",
    sector_id=lambda v: v.project.sector_id, problems=passports.passport_problems, on_approved=passports.passport_approved,
))
register(Approvable(
    ProgressReport, PROJECT_DOCUMENT, _("Отчёт о ходе реализации"), "roadmap:report",
    sector_id=lambda r: r.project.sector_id, problems=reports.report_problems,
))
register(Approvable(
    GroupComposition, CURATOR_DECISION, _("Состав группы"), "roadmap:group",
    sector_id=lambda g: g.project.sector_id, problems=groups.group_problems,
))
register(Approvable(
    Indicator, CURATOR_DECISION, _("Дополнительный показатель"), "roadmap:indicator",
    sector_id=lambda i: i.sector_id, problems=indicators.indicator_problems,
))
