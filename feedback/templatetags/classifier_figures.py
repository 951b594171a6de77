"""`{{ 0.804|share }}` → «80,4 %»: the classifier's figures are fractions, the pages show percents."""

from django import template

from ratings.templatetags.cur_numbers import ru_percent

register = template.Library()


@register.filter
def share(value, digits: int = 1) -> str:
    if value in (None, ""):
        return ru_percent(None)
    return ru_percent(float(value) * 100, digits)
