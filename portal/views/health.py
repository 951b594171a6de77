"""GET /healthz: the state of the database, Redis and the Celery worker, for monitors and `make run`."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.services.health import check_backlog, check_celery, check_database, check_redis


@require_GET
@never_cache
def healthz(request):
    checks = {
        "database": check_database(connection), "redis": check_redis(), "celery": check_celery(),
        "backlog": check_backlog(connection),
    }
    healthy = all(item["ok"] for item in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
