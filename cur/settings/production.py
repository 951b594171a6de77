"""Production behind a reverse proxy (see docker-compose.yml). Secrets must come from the environment."""

from cur import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.get_str("DJANGO_SECRET_KEY")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise env.EnvError("DJANGO_SECRET_KEY: в производственной среде нужен случайный ключ длиной не меньше 50 символов.")
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise env.EnvError("DJANGO_ALLOWED_HOSTS: перечислите через запятую имена, по которым открывается портал.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = env.get_str("CUR_STATIC_ROOT", "/srv/cur/static")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.get_int("DJANGO_SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.get_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# A portal inside a closed government network is never submitted to browsers' HSTS preload
# lists; the deployer turns preload on for a public host.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = env.get_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
