"""The answer to a sign-in refused by django-axes: the same login page, the name kept, a Russian
explanation of how long to wait, status 429 with Retry-After."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cur.forms import LoginForm


def _cooloff() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def locked_out(request, original_response=None, credentials=None):
    minutes = max(1, math.ceil(_cooloff().total_seconds() / 60))
    text = ngettext(
        "Слишком много неудачных попыток входа для этой учётной записи или с этого компьютера. "
        "Вход приостановлен на %(n)d минуту: повторите позже или обратитесь к администратору портала ЦУР.",
        "Слишком много неудачных попыток входа для этой учётной записи или с этого компьютера. "
        "Вход приостановлен на %(n)d минут: повторите позже или обратитесь к администратору портала ЦУР.",
        minutes,
    ) % {"n": minutes}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    if request.path.startswith("/admin/"):
        context = {**admin.site.each_context(request), "form": form, "title": _("Вход"), "locked_out_message": text}
        template = "admin/login_locked_out.html"
    else:
        context = {"form": form, "locked_out_message": text, "next": request.POST.get("next", "")}
        template = "registration/login.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(int(_cooloff().total_seconds()))
    return response
