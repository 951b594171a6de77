"""Open311 GeoReport v2 at /open311/v2/; every path ends in .json or .xml.

A service code may hold a «/» («roads/other»: a code several sectors share, with its sector), so
`services/…` takes the path converter; the format's «.json» / «.xml» ends it. Anything else under
/open311/v2/ is the spec's 404 error list, never Django's HTML page.
"""

from django.urls import path, re_path, register_converter

from feedback.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("services.<fmt:fmt>", views.services, name="services"),
    path("services/<path:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("requests.<fmt:fmt>", views.requests_, name="requests"),
    path("requests/<str:request_id>.<fmt:fmt>", views.request_detail, name="request"),
    path("tokens/<str:token_id>.<fmt:fmt>", views.token, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
