from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cur.forms import LoginForm
from cur.views import notifications
from portal.views import health, home

urlpatterns = [
    # Integrations first: the pages below are a few hundred patterns to try before them.
    path("api/v1/", include("feedback.api.urls")),
    path("open311/v2/", include("feedback.open311.urls")),
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("feedback.urls")),
    path("", include("ratings.urls")),
    path("", include("roadmap.urls")),
    path("webhooks/", include("feedback.webhooks.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cur.views.errors.bad_request"
handler403 = "cur.views.errors.permission_denied"
handler404 = "cur.views.errors.page_not_found"
handler500 = "cur.views.errors.server_error"
