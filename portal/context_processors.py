"""The top bar's count of new work («Ждут вас»): it reads messages, so it lives above the apps
(cur.context_processors gives the rest of the layout). Lazy: pages that do not show it do not count."""

from django.utils.functional import SimpleLazyObject

from feedback.selectors.counters import new_items_for


def new_items(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {"portal_new_items": SimpleLazyObject(lambda: new_items_for(user) if signed_in else None)}
