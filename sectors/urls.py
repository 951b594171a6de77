from django.urls import path

from sectors.views import dashboard

app_name = "sectors"

urlpatterns = [
    path("sectors/dashboard/", dashboard.dashboard, name="dashboard"),
]
