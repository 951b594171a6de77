"""Statistics pages: the head's overview, statistical slices and their exports, the governor's reports."""

from django.urls import path, register_converter

from ratings.views import overview, reports, saved_slices, slice_export, slices

app_name = "ratings"
register_converter(reports.MonthConverter, "month")

urlpatterns = [
    path("overview/", overview.overview, name="overview"),
    path("stats/", slices.slices, name="slices"),
    path("stats/srez.csv", slice_export.slice_csv, name="slice_csv"),
    path("stats/srez.xlsx", slice_export.slice_xlsx, name="slice_xlsx"),
    path("stats/saved/", saved_slices.saved_slice_save, name="saved_slice_save"),
    path("stats/saved/<int:pk>/delete/", saved_slices.saved_slice_delete_view, name="saved_slice_delete"),
    path("stats/s/<int:pk>/", saved_slices.saved_slice_open, name="saved_slice"),
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
