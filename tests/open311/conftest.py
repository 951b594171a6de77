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
