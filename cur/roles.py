"""The ЦУР roles (DESIGN.md §1) and what each may see. Codes are stable; names live in the Role table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    CURATOR = "curator", _("Куратор ЦУР")
    RESPONSIBLE_EXECUTIVE = "responsible_executive", _("Ответственный исполнитель")
    TECHNICAL_EXECUTIVE = "technical_executive", _("Ответственный за техническое обеспечение")
    HEAD = "head", _("Руководитель ЦУР")
    SECTOR_RESPONSIBLE = "sector_responsible", _("Ответственный за отраслевой блок")
    SECTOR_LEAD = "sector_lead", _("Руководитель отраслевого блока")
    DIRECTION_LEAD = "direction_lead", _("Руководитель направления ЦУР")
    MEDIA = "media", _("Ответственный за работу с масс-медиа")
    OPERATOR = "operator", _("Оператор ЦУР")
    AGENCY_EXECUTOR = "agency_executor", _("Исполнитель в органе")
    GOVERNOR_OFFICE = "governor_office", _("Аппарат губернатора")


class RoleScope(models.TextChoices):
    GLOBAL = "global", _("весь регион")
    SECTOR = "sector", _("свои отраслевые блоки")
    AGENCY = "agency", _("свой орган")


ROLE_SCOPES: dict[str, str] = {
    RoleCode.SECTOR_RESPONSIBLE: RoleScope.SECTOR,
    RoleCode.SECTOR_LEAD: RoleScope.SECTOR,
    RoleCode.AGENCY_EXECUTOR: RoleScope.AGENCY,
}

# Who reads individual messages of the whole region. The governor's office, media and the
# technical executive work with aggregates only, so they are not here.
READ_ALL_MESSAGES = frozenset(
    {
        RoleCode.OPERATOR,
        RoleCode.HEAD,
        RoleCode.CURATOR,
        RoleCode.RESPONSIBLE_EXECUTIVE,
        RoleCode.DIRECTION_LEAD,
    }
)
SECTOR_SCOPED = frozenset({RoleCode.SECTOR_LEAD, RoleCode.SECTOR_RESPONSIBLE})
AGENCY_SCOPED = frozenset({RoleCode.AGENCY_EXECUTOR})

# 152-ФЗ: residents' personal data is shown only to those who must contact the resident.
# Agency staff see it only for messages routed to their agency, and each view is logged.
PERSONAL_DATA_ROLES = frozenset({RoleCode.OPERATOR, RoleCode.HEAD})

# Who reads statistics of the whole region: everyone who reads all messages, and those who work
# with aggregates only. Sector-scoped roles read statistics of their sectors.
READ_ALL_STATISTICS = READ_ALL_MESSAGES | frozenset({RoleCode.GOVERNOR_OFFICE, RoleCode.MEDIA, RoleCode.TECHNICAL_EXECUTIVE})
# The head's overview of all sectors (DESIGN.md §1): the head and those he reports to; the
# governor's office sees it read-only.
OVERVIEW_ROLES = frozenset(
    {RoleCode.HEAD, RoleCode.CURATOR, RoleCode.RESPONSIBLE_EXECUTIVE, RoleCode.DIRECTION_LEAD, RoleCode.GOVERNOR_OFFICE}
)
