"""The queue's bulk toolbar, as template tags so the queue page needs no change in its view.

    {% load feedback_bulk %}{% bulk_allowed as can_bulk %}   → rows get checkboxes when True
    {% bulk_toolbar %}                                      → the form the checkboxes belong to
"""

from __future__ import annotations

from django import template

from feedback.forms.bulk import BulkForm
from feedback.views.bulk import BULK_FORM_ID, may_bulk

register = template.Library()


@register.simple_tag(takes_context=True)
def bulk_allowed(context) -> bool:
    request = context.get("request")
    return request is not None and request.user.is_authenticated and may_bulk(request.user)


@register.inclusion_tag("feedback/includes/bulk_toolbar.html", takes_context=True)
def bulk_toolbar(context) -> dict:
    request = context.get("request")
    if request is None or not bulk_allowed(context):
        return {"form": None}
    form = BulkForm(user=request.user, initial={"next": request.get_full_path()}, **_choices_of_page(context))
    return {"form": form, "form_id": BULK_FORM_ID, "request": request}


def _choices_of_page(context) -> dict:
    """The queue's filter form has read the categories and agencies already: reuse its lists
    (without their "any" option) rather than read them again."""
    page_form = context.get("form")
    fields = getattr(page_form, "fields", {})
    if "category" not in fields or "agency" not in fields:
        return {}
    return {
        "categories": [choice for choice in fields["category"].choices if choice[0] != ""],
        "agencies": [choice for choice in fields["agency"].choices if choice[0] != ""],
    }
