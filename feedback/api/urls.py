from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from feedback.api import views

app_name = "api"

urlpatterns = [
    path("messages/", views.MessageCreateView.as_view(), name="message-create"),
    path("messages/batch/", views.MessageBatchView.as_view(), name="message-batch"),
    path("messages/<str:number>/", views.MessageDetailView.as_view(), name="message-detail"),
    path("messages/<str:number>/answers/", views.AnswerCreateView.as_view(), name="answer-create"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
