"""The migrations run on the embedded PostgreSQL of `make run` (the pgserver wheel), built without
ICU: none may name an ICU collation. (The suite itself runs on a PostgreSQL that has ICU, so a
migration needing it would pass here and fail on a fresh machine.)"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = sorted(p for app in ("cur", "feedback", "sectors", "ratings", "roadmap") for p in (ROOT / app / "migrations").glob("0*.py"))


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_migration_needs_icu(path):
    text = path.read_text(encoding="utf-8").lower()
    assert "-x-icu" not in text and "provider = icu" not in text and "provider=icu" not in text
