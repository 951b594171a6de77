"""The portal's error pages (handler400/403/404/500): integration paths answer in their protocol's
format (cur.protocols), every other path gets the portal's own page in Russian."""

from __future__ import annotations

from django.views import defaults

from cur.protocols import INTERNAL_ERROR, protocol_for


def bad_request(request, exception=None):
    protocol = protocol_for(request.path_info)
    if protocol is not None:
        return protocol.render_error(request, 400, "Запрос повреждён или не может быть прочитан.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    protocol = protocol_for(request.path_info)
    if protocol is not None:
        return protocol.render_error(request, 403, "Доступ запрещён.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    protocol = protocol_for(request.path_info)
    if protocol is not None:
        return protocol.render_error(request, 404, "Такого адреса нет.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    protocol = protocol_for(request.path_info)
    if protocol is not None:
        return protocol.render_error(request, 500, INTERNAL_ERROR)
    return defaults.server_error(request)
