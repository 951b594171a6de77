"""Working and expert groups: the sector responsible proposes a composition, the curator approves."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from roadmap.access import may_draft_for
from roadmap.models import GroupComposition, GroupMember, Project
from roadmap.services.approvals import ApprovalRefused, approval_open, approval_retitle, check_editable


def group_title(group: GroupComposition) -> str:
    return _("Состав: %(kind)s «%(name)s» проекта «%(project)s»") % {
        "kind": group.get_kind_display(), "name": group.name, "project": group.project.title,
    }


def _members(group: GroupComposition, members: list[dict]) -> None:
    seen = set()
    group.members.all().delete()
    rows = []
    for member in members:
        if member["official"].pk in seen:
            raise ApprovalRefused(_("%(name)s указан в составе дважды.") % {"name": member["official"].full_name})
        seen.add(member["official"].pk)
        rows.append(GroupMember(group=group, official=member["official"], role_in_group=member.get("role_in_group") or "член группы"))
    GroupMember.objects.bulk_create(rows)


@transaction.atomic
def group_propose(*, project: Project, by, kind: str, name: str, members: list[dict]) -> GroupComposition:
    if not may_draft_for(by, project.sector_id):
        raise ApprovalRefused(_("Состав групп предлагает ответственный за отраслевой блок «%(sector)s».") % {"sector": project.sector})
    group = GroupComposition.objects.create(project=project, kind=kind, name=name, created_by=by)
    _members(group, members)
    approval_open(document=group, author=by, title=group_title(group))
    return group


@transaction.atomic
def group_update(*, group: GroupComposition, by, kind: str, name: str, members: list[dict]) -> GroupComposition:
    group = GroupComposition.objects.select_for_update(of=("self",)).select_related("approval", "project").get(pk=group.pk)
    check_editable(case=group.approval, by=by)
    group.kind, group.name = kind, name
    group.save(update_fields=["kind", "name"])
    _members(group, members)
    approval_retitle(case=group.approval, title=group_title(group))
    return group


def group_problems(group: GroupComposition) -> list[str]:
    return [] if group.members.exists() else [_("в составе нет ни одного участника")]
