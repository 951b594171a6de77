"""Statistics pages: the head's overview, statistical slices and their exports."""

from django.urls import path  # noqa: F401  (routes are added below as the pages land)

app_name = "ratings"

urlpatterns: list = []
