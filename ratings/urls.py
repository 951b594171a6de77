"""Statistics pages: the head's overview, statistical slices and their exports."""

from django.urls import path

from ratings.views import overview, saved_slices, slice_export, slices

app_name = "ratings"

urlpatterns = [
    path("overview/", overview.overview, name="overview"),
    path("stats/", slices.slices, name="slices"),
    path("stats/srez.csv", slice_export.slice_csv, name="slice_csv"),
    path("stats/srez.xlsx", slice_export.slice_xlsx, name="slice_xlsx"),
    path("stats/saved/", saved_slices.saved_slice_save, name="saved_slice_save"),
    path("stats/saved/<int:pk>/delete/", saved_slices.saved_slice_delete_view, name="saved_slice_delete"),
    path("stats/s/<int:pk>/", saved_slices.saved_slice_open, name="saved_slice"),
]
