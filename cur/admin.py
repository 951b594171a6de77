from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User

admin.site.site_header = _("ЦУР — администрирование")
admin.site.site_title = _("ЦУР")
admin.site.index_title = _("Справочники и данные портала")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        (_("Личные данные"), {"fields": ("last_name", "first_name", "patronymic", "email")}),
        *BaseUserAdmin.fieldsets[2:],
    )
    list_display = ("username", "last_name", "first_name", "email", "is_active", "is_staff")
