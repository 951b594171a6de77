"""Template helpers of the mass-problem pages."""

from django import template
from django.utils.translation import gettext as _

from cur.plural import plural

register = template.Library()


@register.filter
def messages_count(n) -> str:
    """«3 сообщения» (cur.plural)."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        return ""
    return f"{n} {plural(n, _('сообщение'), _('сообщения'), _('сообщений'))}"
