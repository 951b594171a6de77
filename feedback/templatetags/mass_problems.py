"""Template helpers of the mass-problem pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def russian_plural(n: int, one: str, few: str, many: str) -> str:
    """1 сообщение, 3 сообщения, 5 сообщений, 21 сообщение, 11 сообщений."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


@register.filter
def messages_count(n) -> str:
    """«3 сообщения»: gettext's plural forms follow English rules while the source strings are Russian."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        return ""
    return f"{n} {russian_plural(n, _('сообщение'), _('сообщения'), _('сообщений'))}"
