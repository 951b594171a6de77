"""Small template helpers of the roadmap pages: compact inputs for list rows, state badges."""

from django import forms, template

from cur.roles import RoleCode
from roadmap.approvals.chains import CaseState

register = template.Library()


@register.filter
def input_sm(field):
    """A bound field as a small Bootstrap input (for the rows of a list), marked when invalid."""
    if not isinstance(field, forms.BoundField):
        return ""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css, "aria-label": str(field.label)}
    if isinstance(widget, forms.Textarea):
        attrs["rows"] = widget.attrs.get("rows", 2)
    return field.as_widget(attrs=attrs)


@register.filter
def state_tone(case) -> str:
    if getattr(case, "state", None) is None:
        return "secondary"
    if case.state == CaseState.REVIEW:
        # What waits for the curator stands out from what waits for the head.
        return "primary" if case.pending_role == RoleCode.CURATOR else "warning"
    return {CaseState.DRAFT: "secondary", CaseState.RETURNED: "danger", CaseState.APPROVED: "success"}.get(case.state, "secondary")


@register.filter
def ru_decimal(value) -> str:
    """12345.5 → «12 345,5»; 60.00 → «60»: plan and fact values as people write them."""
    from cur.number_format import DASH, format_number

    if value is None or value == "":
        return DASH
    number = float(value)
    text = format_number(number, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text
