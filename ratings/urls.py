"""Statistics pages: the head's overview, statistical slices and their exports; the monthly ratings; the governor's reports."""

from django.urls import path, register_converter

from ratings.views import (
    methodology,
    overview,
    ratings,
    reports,
    saved_slices,
    sector_dashboard,
    slice_export,
    slices,
)
from ratings.views.ratings_converters import MonthConverter

app_name = "ratings"
register_converter(MonthConverter, "month")

urlpatterns = [
    path("overview/", overview.overview, name="overview"),
    # The sector dashboard is statistics of a sector's messages; its address stays under /sectors/.
    path("sectors/dashboard/", sector_dashboard.dashboard, name="sector_dashboard"),
    path("stats/", slices.slices, name="slices"),
    path("stats/srez.csv", slice_export.slice_csv, name="slice_csv"),
    path("stats/srez.xlsx", slice_export.slice_xlsx, name="slice_xlsx"),
    path("stats/saved/", saved_slices.saved_slice_save, name="saved_slice_save"),
    path("stats/saved/<int:pk>/delete/", saved_slices.saved_slice_delete_view, name="saved_slice_delete"),
    path("stats/s/<int:pk>/", saved_slices.saved_slice_open, name="saved_slice"),
    path("ratings/", ratings.ratings_index, name="ratings"),
    path("ratings/methodology/", methodology.methodology, name="methodology"),
    path("ratings/methodology/edit/", methodology.methodology_edit, name="methodology_edit"),
    path("ratings/runs/<int:pk>/status/", ratings.rating_run_status, name="rating_run_status"),
    path("ratings/<month:month>/", ratings.rating_month, name="rating_month"),
    path("ratings/<month:month>/recompute/", ratings.rating_recompute, name="rating_recompute"),
    path("ratings/<month:month>/v<int:version>/", ratings.rating_month, name="rating_version"),
    path("ratings/<month:month>/v<int:version>/rating.xlsx", ratings.rating_xlsx, name="rating_xlsx"),
    path(
        "ratings/<month:month>/v<int:version>/<str:kind>/<int:subject_id>/<str:code>/",
        ratings.rating_drilldown, name="rating_drilldown",
    ),
    path("reports/", reports.report_archive_view, name="report_archive"),
    path("reports/generate/", reports.report_generate_pick, name="report_generate_pick"),
    path("reports/recipients/", reports.report_recipient_add, name="report_recipient_add"),
    path("reports/recipients/<int:pk>/delete/", reports.report_recipient_delete, name="report_recipient_delete"),
    path("reports/<month:month>/", reports.report_month, name="report_month"),
    path("reports/<month:month>/status/", reports.report_status, name="report_status"),
    path("reports/<month:month>/generate/", reports.report_generate_view, name="report_generate"),
    path("reports/<month:month>/v<int:number>/conclusions/", reports.report_conclusions, name="report_conclusions"),
    path("reports/<month:month>/v<int:number>.pdf", reports.report_download, name="report_download"),
]
