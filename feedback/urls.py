"""Pages of the `feedback` app: the message queue, the message card, saved filters."""

from django.urls import path

from feedback.views.queue import queue, saved_filter_delete, saved_filter_save

app_name = "feedback"

urlpatterns = [
    path("messages/", queue, name="queue"),
    # The message card is `messages/<int:pk>/`, name "card" (the queue links to it by that path).
    path("messages/filters/", saved_filter_save, name="queue_filter_save"),
    path("messages/filters/<int:pk>/delete/", saved_filter_delete, name="queue_filter_delete"),
]
