"""The user's in-portal notifications: the list, opening one (marks it read), marking all read.

Only a person's own notifications exist for him: another user's id answers 404. Users without a
ЦУР role get none and are refused the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cur.redirects import safe_next
from cur.selectors.notifications import notifications_page, receives_notifications
from cur.services.notifications import notification_mark_read, notifications_mark_all_read


def _check_staff(user) -> None:
    if not receives_notifications(user):
        raise PermissionDenied(_("Уведомления получают сотрудники ЦУР и органов с назначенной ролью."))


@require_GET
@login_required
def notification_list(request):
    _check_staff(request.user)
    page = notifications_page(request.user, request.GET.get("page"))
    return render(request, "cur/notifications.html", {"page": page, "has_unread": any(n.is_unread for n in page)})


@require_POST
@login_required
def notification_open(request, pk: int):
    _check_staff(request.user)
    notification = notification_mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    # The links are paths the portal wrote itself; anything else would be an open redirect.
    return redirect(safe_next(request, notification.url, default=reverse("notifications")))


@require_POST
@login_required
def notifications_read_all(request):
    _check_staff(request.user)
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Все уведомления отмечены прочитанными."))
    return redirect("notifications")
