"""Production settings refuse to start without real secrets, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_SETTINGS_MODULE": "cur.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "cur.example.ru",
}


def _manage(*args, **overrides):
    env = {**os.environ, **GOOD, **overrides}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_it_passes_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_the_development_secret_key():
    result = _manage("check", DJANGO_SECRET_KEY="dev-only-insecure-key-do-not-use-in-production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_lets_the_api_limit_speak_and_sends_the_security_headers():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATA_UPLOAD_MAX_MEMORY_SIZE >= s.API_MAX_BODY_BYTES, s.CUR_PROTOCOLS['/api/']['max_body_bytes'] == s.API_MAX_BODY_BYTES, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, 'axes.middleware.AxesMiddleware' in s.MIDDLEWARE, s.MIDDLEWARE[0])"
    )
    result = _manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True", "cur.protocols.ProtocolBoundaries"]
