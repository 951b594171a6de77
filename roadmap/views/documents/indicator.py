"""Indicators: mandatory ones are the head's and need no approval; additional ones are proposed by
the sector responsible and approved by the curator (Положение п.7.3, п.21)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cur.roles import RoleCode
from roadmap.access import holds, responsible_sector_ids
from roadmap.forms.common import rows_of
from roadmap.forms.indicators import ActualForm, IndicatorForm, PlanFormSet
from roadmap.models import Indicator, IndicatorKind
from roadmap.selectors.indicators import indicator_for_user, plan_chart
from roadmap.selectors.passports import visible_projects
from roadmap.services import indicators as service
from roadmap.services.approvals import ApprovalRefused, check_editable
from roadmap.views.documents.kind import DocumentForms, DocumentKind
from sectors.models import Sector


def _forms(form, plans) -> DocumentForms:
    return DocumentForms(form, (plans,), {"plans": plans})


class IndicatorDocumentKind(DocumentKind):
    model = Indicator
    name = "indicator"
    section = "indicators"
    url_name = "roadmap:indicator"
    detail_template = "roadmap/indicator_detail.html"
    form_template = "roadmap/indicator_form.html"
    form_class = IndicatorForm
    saved_message = gettext_lazy("Показатель сохранён.")

    def fetch(self, user, pk):
        return indicator_for_user(user, pk)

    def case(self, indicator):
        return indicator.approval  # None for a mandatory one

    def check_create(self, user, parent):
        """The head creates mandatory ones in any sector, a sector responsible additional ones in
        his sectors; returns (kinds, sectors) to choose from."""
        kinds, sector_ids = [], set()
        if holds(user, RoleCode.HEAD):
            kinds.append((IndicatorKind.MANDATORY, IndicatorKind.MANDATORY.label))
            sector_ids |= set(Sector.objects.filter(is_active=True).values_list("id", flat=True))
        own = responsible_sector_ids(user)
        if own:
            kinds.append((IndicatorKind.ADDITIONAL, IndicatorKind.ADDITIONAL.label))
            sector_ids |= set(own)
        if not kinds:
            raise ApprovalRefused(_("Показатели вносят руководитель ЦУР (обязательные) и ответственные за блоки (дополнительные)."))
        return kinds, Sector.objects.filter(id__in=sector_ids).order_by("order", "name")

    def check_edit(self, user, indicator):
        # The same rule the service applies on saving, checked before the form is shown.
        if indicator.kind == IndicatorKind.ADDITIONAL:
            check_editable(case=indicator.approval, by=user)
        elif not holds(user, RoleCode.HEAD):
            raise ApprovalRefused(_("Обязательные показатели изменяет руководитель ЦУР."))

    def create_back_url(self, parent):
        return reverse("roadmap:indicators")

    def initial(self, indicator):
        initial = {f: getattr(indicator, f) for f in service.FIELDS}
        initial["project"], initial["responsible"] = indicator.project_id, indicator.responsible_id
        return initial

    def bind_new(self, data, *, user, parent, scope):
        kinds, sectors = scope
        form = IndicatorForm(data, sectors=sectors, kinds=kinds, projects=visible_projects(user).filter(sector__in=sectors))
        return _forms(form, PlanFormSet(data, prefix="plans"))

    def bind_existing(self, data, *, user, document):
        form = IndicatorForm(data, initial=self.initial(document), projects=visible_projects(user).filter(sector_id=document.sector_id))
        # Once posted, the plan is what was typed; before, the stored years without an empty row.
        plans = PlanFormSet(data, prefix="plans", initial=None if data else [
            {"year": p.year, "deadline": p.deadline, "target": p.target} for p in document.plans.all()
        ])
        if data is None:
            plans.extra = 0
        return _forms(form, plans)

    def create(self, forms, *, user, parent, scope):
        data = forms.form.cleaned_data
        fields = {k: v for k, v in data.items() if k not in ("sector", "kind")}
        return service.indicator_create(
            sector=data["sector"], kind=data["kind"], by=user, fields=fields, plans=rows_of(forms.context["plans"])
        )

    def update(self, forms, *, user, document):
        return service.indicator_update(indicator=document, by=user, fields=forms.form.cleaned_data, plans=rows_of(forms.context["plans"]))

    def detail_context(self, user, indicator):
        return {
            "chart": plan_chart(indicator),
            "may_enter": indicator.responsible.user_id == user.pk and service.is_in_force(indicator),
            "actual_form": ActualForm(),
        }


INDICATOR = IndicatorDocumentKind()
