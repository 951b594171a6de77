"""Statistics pages: the head's overview, statistical slices and their exports."""

from django.urls import path

from ratings.views import overview

app_name = "ratings"

urlpatterns: list = [
    path("overview/", overview.overview, name="overview"),
]
