"""Widgets that render in Python instead of through the form renderer's templates.

The message card shows some fifteen small forms: about forty widgets and two selects of a hundred
options (categories, agencies). Django renders each option and each attribute list through its own
template include, which costs the card 5–8 ms of its 50 ms budget; these widgets build the same
HTML with `format_html`, escaping every value exactly as the templates do.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(widget: forms.Widget, name: str, attrs: dict | None, **extra) -> str:
    final = widget.build_attrs(widget.attrs, attrs)
    final.update(extra)
    final["name"] = name
    return flatatt({k: v for k, v in final.items() if v is not None and v is not False})


class FastSelect(forms.Select):
    """A <select>, optgroups included (a choice whose value is a list of choices)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}

        def options(choices):
            return format_html_join(
                "", '<option value="{}"{}>{}</option>',
                ((v, mark_safe(" selected") if str(v) in chosen else "", label) for v, label in choices),
            )

        parts = []
        for value_or_group, label_or_options in self.choices:
            if isinstance(label_or_options, list | tuple):
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', value_or_group, options(label_or_options)))
            else:
                parts.append(options([(value_or_group, label_or_options)]))
        return format_html("<select{}>{}</select>", mark_safe(_attrs(self, name, attrs)), mark_safe("".join(parts)))


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        # The newline after the tag keeps a leading newline of the value, as Django's template does.
        return format_html("<textarea{}>\n{}</textarea>", mark_safe(_attrs(self, name, attrs)), self.format_value(value) or "")


class _FastInput:
    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value)
        return format_html("<input{}>", mark_safe(_attrs(self, name, attrs, type=self.input_type, value=shown)))


class FastTextInput(_FastInput, forms.TextInput):
    pass


class FastNumberInput(_FastInput, forms.NumberInput):
    pass


class FastDateInput(_FastInput, forms.DateInput):
    pass
