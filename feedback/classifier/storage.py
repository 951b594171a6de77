"""Where trained versions live: one joblib file per version under settings.CLASSIFIER_MODEL_DIR.

Loaded models are kept per process (a web worker loads the active one once, ~1 s), keyed by the
file path, so activating another version is seen at the next suggestion without a restart.
"""

from __future__ import annotations

import threading
from pathlib import Path

import joblib
from django.conf import settings

_cache: dict[str, object] = {}
_lock = threading.Lock()
KEEP = 2


def path_for(version_id: int, target: str) -> Path:
    return Path(settings.CLASSIFIER_MODEL_DIR) / f"{target}-{version_id}.joblib"


def save(model, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    joblib.dump(model, partial, compress=3)
    # Rename is atomic: a web process never loads a half-written file.
    partial.replace(path)


def load(path: str):
    with _lock:
        model = _cache.get(path)
        if model is None:
            model = joblib.load(path)
            # One version per target is active (two targets): older ones are not needed.
            while len(_cache) >= KEEP:
                _cache.pop(next(iter(_cache)))
            _cache[path] = model
        return model
