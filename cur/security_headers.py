"""Headers every page of the portal carries besides Django's own (SecurityMiddleware) and the
Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY).

- Cache-Control: no-store on everything the portal renders: any page may show a resident's name
  or text, and a shared workstation's browser cache or a proxy must not keep it. Static files
  (served by WhiteNoise before this middleware) keep their long caching.
- Permissions-Policy: the portal uses no camera, microphone, location or payment.
- Pages the portal does not write (Django's admin, the API's Swagger UI and Redoc) set inline
  styles from their own code; they get 'unsafe-inline' for styles only (and Redoc a worker from
  a blob of its own script). No page allows inline script; Redoc's footer logo from its CDN is
  blocked, as everything from outside is.
"""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort",
    )
)
INLINE_STYLE_PREFIXES = ("/admin/", "/api/v1/docs/", "/api/v1/redoc/")


class SecurityHeaders:
    """Listed after django-csp's middleware, so its response is seen before the policy is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        if request.path_info.startswith(INLINE_STYLE_PREFIXES):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
            if request.path_info.startswith("/api/v1/redoc/"):
                # Redoc searches in a worker it builds from a blob of its own script.
                response._csp_update["worker-src"] = [SELF, "blob:"]
        return response
