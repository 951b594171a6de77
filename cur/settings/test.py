"""The test suite: fast hashing, mail kept in memory, Celery tasks run in the caller."""

import uuid

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Tests see the same Russian formats a user sees; a fixed zone keeps expected times exact.
TIME_ZONE = "Europe/Moscow"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASES["default"]["OPTIONS"]["options"] = "-c cur.time_zone=Europe/Moscow"  # noqa: F405
# Rate-limit counters and id queues in Redis (cur.redis_client) start afresh with every run.
CUR_REDIS_KEY_SALT = uuid.uuid4().hex[:8]
