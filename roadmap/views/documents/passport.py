"""Project passports: a version is drafted by the sector responsible, agreed by the head and
approved by the curator; an approved version changes only through a new one."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roadmap.access import may_draft_for, responsible_sector_ids
from roadmap.approvals.chains import CaseState
from roadmap.forms.common import rows_of
from roadmap.forms.passports import NUMBERED, PassportForm, section_formsets
from roadmap.models import GroupComposition, PassportVersion
from roadmap.selectors import approvals as approval_reads
from roadmap.selectors.passports import passport_for_user, project_versions
from roadmap.services import passports as service
from roadmap.services.approvals import ApprovalRefused
from roadmap.views.documents.kind import DocumentForms, DocumentKind
from sectors.models import Sector

PEOPLE = ("curator", "project_head", "administrator")


def _forms(form, sections) -> DocumentForms:
    return DocumentForms(form, tuple(formset for _prefix, _title, formset in sections), {"formsets": sections})


def _fields(forms: DocumentForms) -> dict:
    return {k: v for k, v in forms.form.cleaned_data.items() if k != "sector"}


def _children(forms: DocumentForms) -> dict[str, list[dict]]:
    return {prefix: rows_of(formset, numbered=NUMBERED.get(prefix)) for prefix, _title, formset in forms.context["formsets"]}


class PassportDocumentKind(DocumentKind):
    model = PassportVersion
    name = "version"
    url_name = "roadmap:passport"
    detail_template = "roadmap/passport_detail.html"
    form_template = "roadmap/passport_form.html"
    form_class = PassportForm
    created_message = gettext_lazy("Черновик паспорта сохранён. Проверьте его и представьте на согласование.")
    saved_message = gettext_lazy("Изменения сохранены.")

    def fetch(self, user, pk):
        return passport_for_user(user, pk)

    def check_create(self, user, parent):
        sector_ids = responsible_sector_ids(user)
        if not sector_ids:
            raise ApprovalRefused(_("Паспорт проекта готовит ответственный за отраслевой блок."))
        return Sector.objects.filter(id__in=sector_ids, is_active=True).order_by("order", "name")

    def initial(self, version):
        initial = {f: getattr(version, f) for f in service.FIELDS}
        initial.update({f: getattr(version, f"{f}_id") for f in PEOPLE})
        return initial

    def bind_new(self, data, *, user, parent, scope):
        return _forms(PassportForm(data, sectors=scope), section_formsets(data))

    def bind_existing(self, data, *, user, document):
        return _forms(PassportForm(data, initial=self.initial(document)), section_formsets(data, version=document))

    def create(self, forms, *, user, parent, scope):
        return service.passport_create(sector=forms.form.cleaned_data["sector"], by=user, fields=_fields(forms), children=_children(forms))

    def update(self, forms, *, user, document):
        return service.passport_update(version=document, by=user, fields=_fields(forms), children=_children(forms))

    def detail_context(self, user, version):
        own = may_draft_for(user, version.project.sector_id)
        return {
            "project": version.project,
            "may_new_version": version.approval.state == CaseState.APPROVED and own,
            "versions": project_versions(version),
            "groups": list(
                GroupComposition.objects.filter(project_id=version.project_id).select_related("approval")
                .prefetch_related("members__official").order_by("kind", "-created_at")
            ),
        }

    def form_context(self, *, document, parent):
        # The remarks it was returned with: what the author is fixing.
        return {"remarks": approval_reads.last_remarks(document.approval)} if document else {}


PASSPORT = PassportDocumentKind()
