"""Category codes as outside systems send them (REST API `category`, Open311 `service_code`).

A code is unique within its sector only («other» is in every sector), so a code alone names a
category where it is unambiguous and «sector/code» always does.
"""

from __future__ import annotations

from cur.process_cache import remembered
from sectors.models import Category


def category_index() -> dict[str, list[Category]]:
    """Active categories by code and by «sector/code», kept in the process (cur.process_cache)."""

    def load() -> dict[str, list[Category]]:
        index: dict[str, list[Category]] = {}
        for category in Category.objects.filter(is_active=True, sector__is_active=True).select_related("sector", "parent"):
            index.setdefault(category.code.casefold(), []).append(category)
            index.setdefault(f"{category.sector.code}/{category.code}".casefold(), []).append(category)
        return index

    return remembered("intake-categories", load)


def category_by_code(code: str, index: dict[str, list[Category]], errors: dict[str, list[str]]) -> Category | None:
    """The category `code` names, or None with the reason in errors["category"]."""
    found = index.get(code.casefold(), [])
    if not found:
        errors["category"] = [f"Категория с кодом «{code}» не найдена или не действует; действующие коды — в списке услуг Open311 (/open311/v2/services.json)."]
        return None
    if len(found) > 1:
        options = ", ".join(sorted(f"{c.sector.code}/{c.code}" for c in found))
        errors["category"] = [f"Код категории «{code}» есть в нескольких блоках: укажите блок, например {options}."]
        return None
    return found[0]
