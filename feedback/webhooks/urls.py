from django.urls import path

from feedback.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("deliveries/", views.delivery_log, name="log"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry_view, name="retry"),
]
