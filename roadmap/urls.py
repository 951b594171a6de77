"""Pages of the `roadmap` app: project passports, reports, groups, indicators, risks, the roadmap.

Every document that goes through the approval mechanism has the same generic pages
(roadmap.views.documents.pages); the URL says which kind of document they show."""

from django.urls import path

from roadmap.views import indicators, passports, risks
from roadmap.views import roadmap as roadmap_views
from roadmap.views.documents import pages as documents
from roadmap.views.documents.group import GROUP
from roadmap.views.documents.indicator import INDICATOR
from roadmap.views.documents.passport import PASSPORT
from roadmap.views.documents.report import REPORT

app_name = "roadmap"

urlpatterns = [
    path("projects/", passports.passport_list_view, name="passports"),
    path("projects/new/", documents.document_create, {"kind": PASSPORT}, name="passport_new"),
    path("projects/passports/<int:pk>/", documents.document_detail, {"kind": PASSPORT}, name="passport"),
    path("projects/passports/<int:pk>/edit/", documents.document_edit, {"kind": PASSPORT}, name="passport_edit"),
    path("projects/passports/<int:pk>/new-version/", passports.passport_new_version, name="passport_new_version"),
    path("projects/passports/<int:pk>/compare/", passports.passport_compare, name="passport_compare"),
    path("projects/passports/<int:pk>/pdf/", passports.passport_pdf, name="passport_pdf"),
    path("projects/approvals/<int:pk>/", documents.document_decide, name="decide"),
    path("projects/<int:project_pk>/reports/new/", documents.document_create, {"kind": REPORT}, name="report_new"),
    path("projects/reports/<int:pk>/", documents.document_detail, {"kind": REPORT}, name="report"),
    path("projects/reports/<int:pk>/edit/", documents.document_edit, {"kind": REPORT}, name="report_edit"),
    path("projects/<int:project_pk>/groups/new/", documents.document_create, {"kind": GROUP}, name="group_new"),
    path("projects/groups/<int:pk>/", documents.document_detail, {"kind": GROUP}, name="group"),
    path("projects/groups/<int:pk>/edit/", documents.document_edit, {"kind": GROUP}, name="group_edit"),
    path("projects/indicators/", indicators.indicator_list_view, name="indicators"),
    path("projects/indicators/new/", documents.document_create, {"kind": INDICATOR}, name="indicator_new"),
    path("projects/indicators/<int:pk>/", documents.document_detail, {"kind": INDICATOR}, name="indicator"),
    path("projects/indicators/<int:pk>/edit/", documents.document_edit, {"kind": INDICATOR}, name="indicator_edit"),
    path("projects/indicators/<int:pk>/plans/<int:plan_pk>/actual/", indicators.indicator_actual, name="indicator_actual"),
    path("projects/risks/", risks.risk_list, name="risks"),
    path("projects/risks/new/", risks.risk_create, name="risk_new"),
    path("projects/risks/<int:pk>/", risks.risk_detail, name="risk"),
    path("projects/risks/<int:pk>/escalate/", risks.risk_escalate, name="risk_escalate"),
    path("roadmap/", roadmap_views.roadmap_view, name="roadmap"),
    path("roadmap/start/", roadmap_views.roadmap_start_year, name="roadmap_start"),
    path("roadmap/<int:year>/", roadmap_views.roadmap_view, name="roadmap_year"),
    path("roadmap/<int:year>/timeline/", roadmap_views.roadmap_view, {"timeline": True}, name="roadmap_timeline"),
    path("roadmap/<int:year>/items/new/", roadmap_views.roadmap_item_edit, name="roadmap_item_new"),
    path("roadmap/<int:year>/items/<int:pk>/edit/", roadmap_views.roadmap_item_edit, name="roadmap_item_edit"),
    path("roadmap/items/<int:pk>/progress/", roadmap_views.roadmap_item_report, name="roadmap_item_report"),
    path("roadmap/items/<int:pk>/evidence/", roadmap_views.roadmap_evidence, name="roadmap_evidence"),
]
