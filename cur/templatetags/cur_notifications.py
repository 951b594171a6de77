"""The bell in the top bar: the unread count of the signed-in person, one COUNT per page."""

from django import template

from cur.selectors.notifications import receives_notifications, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """The unread count, or None for those who get no notifications (no bell then)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not receives_notifications(user):
        return None
    return unread_count(user)
