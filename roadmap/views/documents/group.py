"""Working and expert group compositions: proposed by the sector responsible, approved by the curator."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from roadmap.forms.common import rows_of
from roadmap.forms.reports import GroupForm, MemberFormSet
from roadmap.models import GroupComposition
from roadmap.selectors.passports import visible_projects
from roadmap.services import groups as service
from roadmap.views.documents.kind import DocumentForms
from roadmap.views.documents.project_documents import ProjectDocumentKind


def group_for_user(user, pk: int) -> GroupComposition:
    return get_object_or_404(
        GroupComposition.objects.select_related("project__sector", "approval", "created_by")
        .filter(project__in=visible_projects(user)),
        pk=pk,
    )


def _forms(form, members) -> DocumentForms:
    return DocumentForms(form, (members,), {"members": members})


class GroupDocumentKind(ProjectDocumentKind):
    model = GroupComposition
    name = "group"
    url_name = "roadmap:group"
    detail_template = "roadmap/group_detail.html"
    form_template = "roadmap/group_form.html"
    form_class = GroupForm
    saved_message = _("Состав группы сохранён. Представьте его куратору, когда он готов.")
    drafted_by = _("Состав групп предлагает ответственный за отраслевой блок «%(sector)s».")

    def fetch(self, user, pk):
        return group_for_user(user, pk)

    def bind_new(self, data, *, user, parent, scope):
        return _forms(GroupForm(data), MemberFormSet(data, prefix="members"))

    def bind_existing(self, data, *, user, document):
        # Once posted, the list is what was typed, not what is stored.
        initial = None if data is not None else [
            {"official": m.official_id, "role_in_group": m.role_in_group} for m in document.members.all()
        ]
        form = GroupForm(data, initial={"kind": document.kind, "name": document.name})
        return _forms(form, MemberFormSet(data, prefix="members", initial=initial))

    def create(self, forms, *, user, parent, scope):
        return service.group_propose(project=parent, by=user, members=rows_of(forms.context["members"]), **forms.form.cleaned_data)

    def update(self, forms, *, user, document):
        return service.group_update(group=document, by=user, members=rows_of(forms.context["members"]), **forms.form.cleaned_data)

    def detail_context(self, user, group):
        return {"members": list(group.members.select_related("official"))}


GROUP = GroupDocumentKind()
