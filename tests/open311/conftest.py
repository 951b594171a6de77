import pytest


@pytest.fixture
def open311_key(region):
    """An issued key of the federal platform's channel; returns (record, raw key)."""
    from feedback.models import Open311Key

    key = Open311Key(name="Платформа обратной связи", channel=region.pos)
    raw = key.issue()
    key.save()
    return key, raw


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _forget_public_read_counts():
    """Reads without a key are counted per client address, the same 127.0.0.1 in every test."""
    from cur.redis_client import key, shared_redis

    yield
    redis = shared_redis()
    stale = list(redis.scan_iter(key("rate", "open311:public:*")))
    if stale:
        redis.delete(*stale)
