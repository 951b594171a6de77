"""The webhook delivery log (GET /webhooks/deliveries/) and its «повторить» button."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cur.access import access_for
from cur.redirects import safe_next
from feedback.models import DeliveryStatus, WebhookEvent
from feedback.webhooks.delivery import delivery_retry
from feedback.webhooks.selectors import LOG_ALL_ROLES, filtered, visible_deliveries
from sectors.models import Agency

PAGE_SIZE = 50


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Состояние"), required=False, choices=[("", gettext_lazy("все"))] + DeliveryStatus.choices)
    event = forms.ChoiceField(label=gettext_lazy("Событие"), required=False, choices=[("", gettext_lazy("все"))] + WebhookEvent.choices)
    agency = forms.ModelChoiceField(label=gettext_lazy("Орган"), required=False, queryset=Agency.objects.none(), empty_label=gettext_lazy("все"))
    number = forms.CharField(label=gettext_lazy("№ сообщения"), required=False, max_length=20)

    def __init__(self, *args, show_agency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if show_agency:
            self.fields["agency"].queryset = Agency.objects.filter(webhook_endpoints__isnull=False).distinct().order_by("name")
        else:
            del self.fields["agency"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"


@login_required
@require_GET
def delivery_log(request):
    queryset = visible_deliveries(request.user)
    show_agency = access_for(request.user).has(*LOG_ALL_ROLES)
    form = DeliveryFilterForm(request.GET or None, show_agency=show_agency)
    if form.is_valid():
        data = form.cleaned_data
        agency = data.get("agency")
        queryset = filtered(queryset, status=data["status"], event=data["event"], agency_id=agency.id if agency else None, number=data["number"])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/webhooks/log.html", {"form": form, "delivery_page": page, "show_agency": show_agency, "query": query.urlencode()})


@login_required
@require_POST
def delivery_retry_view(request, pk: int):
    delivery = get_object_or_404(visible_deliveries(request.user), pk=pk)
    delivery_retry(delivery=delivery, by=request.user)
    messages.success(request, _("Доставка № %(id)s поставлена в очередь на повторную отправку.") % {"id": delivery.pk})
    return redirect(safe_next(request, request.POST.get("next"), default=reverse("webhooks:log"), within="/webhooks/"))
