from django.contrib import admin

from ratings.models import SavedSlice


@admin.register(SavedSlice)
class SavedSliceAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "created_at"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["created_at"]
