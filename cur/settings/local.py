"""A developer's machine: `make run` starts the embedded services and sets the URLs."""

from cur import env

from .base import *  # noqa: F403

DEBUG = env.get_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
