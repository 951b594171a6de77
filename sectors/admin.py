from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectors.models import Agency, Category, Municipality, Official, Role, RoleAssignment, RoutingRule, Sector
from sectors.services.category_rules import MIN_CATEGORIES_PER_SECTOR


class CategoryInlineFormSet(forms.BaseInlineFormSet):
    """An active sector keeps at least three categories and one «прочие по направлению» (Положение, раздел V)."""

    def clean(self):
        super().clean()
        if not self.instance.is_active:
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("is_active", True)
        ]
        top = [c for c in kept if not c.get("parent")]
        if len(top) < MIN_CATEGORIES_PER_SECTOR:
            raise ValidationError(
                _("В действующем отраслевом блоке должно быть не меньше %(n)s действующих категорий верхнего уровня.")
                % {"n": MIN_CATEGORIES_PER_SECTOR}
            )
        if not any(c.get("is_other") for c in top):
            raise ValidationError(_("В действующем отраслевом блоке должна быть категория «прочие по направлению»."))


class CategoryInline(admin.TabularInline):
    model = Category
    formset = CategoryInlineFormSet
    fields = ("name", "code", "parent", "is_other", "order", "is_active")
    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True).select_related("sector")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order",)
    prepopulated_fields = {"code": ("name",)}
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "parent", "is_other", "is_active")
    list_filter = ("sector", "is_other", "is_active")
    search_fields = ("name", "code")
    list_select_related = ("sector", "parent")
    autocomplete_fields = ("parent",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "oktmo", "population", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "oktmo")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "municipality", "is_active")
    list_filter = ("kind", "sectors", "is_active")
    search_fields = ("name", "short_name")
    list_select_related = ("municipality",)
    filter_horizontal = ("sectors",)
    autocomplete_fields = ("municipality", "parent")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    filter_horizontal = ("sectors",)


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("full_name", "position", "agency", "user", "is_active")
    list_filter = ("role_assignments__role", "is_active")
    search_fields = ("full_name", "position", "user__username")
    list_select_related = ("agency", "user")
    autocomplete_fields = ("agency", "user")
    inlines = [RoleAssignmentInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "scope")
    readonly_fields = ("code",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "municipality", "agency", "is_active")
    list_filter = ("category__sector", "is_active")
    search_fields = ("category__name", "municipality__name", "agency__name")
    list_select_related = ("category__sector", "category__parent", "municipality", "agency")
    autocomplete_fields = ("category", "municipality", "agency")
