"""Pages of the `feedback` app: the message queue, the message card, saved filters."""

from django.urls import path

from feedback.views import actions, attachments, bulk, card, classifier, mass_problems
from feedback.views.queue import queue, saved_filter_delete, saved_filter_save

app_name = "feedback"

urlpatterns = [
    path("messages/", queue, name="queue"),
    path("messages/bulk/", bulk.bulk, name="bulk"),
    path("messages/<int:pk>/", card.card, name="card"),
    path("messages/<int:pk>/<slug:action>/", actions.action, name="action"),
    path("attachments/<int:pk>/", attachments.download, name="attachment"),
    path("messages/filters/", saved_filter_save, name="queue_filter_save"),
    path("mass-problems/", mass_problems.mass_problems, name="mass_problems"),
    path("mass-problems/join/", mass_problems.join, name="mass_problems_join"),
    path("classifier/", classifier.versions, name="classifier"),
    path("classifier/train/", classifier.train, name="classifier_train"),
    path("classifier/auto-routing/", classifier.auto_routing, name="classifier_auto_routing"),
    path("classifier/<int:pk>/", classifier.version, name="classifier_version"),
    path("classifier/<int:pk>/activate/", classifier.activate, name="classifier_activate"),
    path("messages/filters/<int:pk>/delete/", saved_filter_delete, name="queue_filter_delete"),
]
