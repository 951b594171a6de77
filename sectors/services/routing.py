"""Routing: (category, municipality) → the responsible agency, falling back to the category's rule."""

from __future__ import annotations

from collections.abc import Iterable

from cur.process_cache import remembered
from sectors.models import Agency, Category, Municipality, RoutingRule


class RoutingTable:
    """The active rules of some categories (and their parents), read in one query, so routing a
    thousand messages costs one query, not a thousand."""

    def __init__(self, rules: Iterable[RoutingRule]):
        self._agency: dict[tuple[int, int | None], Agency] = {
            (rule.category_id, rule.municipality_id): rule.agency for rule in rules
        }

    @classmethod
    def load(cls, categories: Iterable[Category]) -> RoutingTable:
        ids = set()
        for category in categories:
            ids.add(category.id)
            if category.parent_id:
                ids.add(category.parent_id)
        if not ids:
            return cls([])
        rules = RoutingRule.objects.filter(category_id__in=ids, is_active=True, agency__is_active=True).select_related("agency")
        return cls(rules)

    @classmethod
    def current(cls) -> RoutingTable:
        """All active rules, kept in the process for seconds (cur.process_cache): routing at
        intake asks on every delivery; a rule saved here applies at once, elsewhere within seconds."""
        return remembered("routing-table", lambda: cls(
            RoutingRule.objects.filter(is_active=True, agency__is_active=True).select_related("agency")
        ))

    def agency_for(self, category: Category, municipality_id: int | None) -> Agency | None:
        """A subcategory without rules of its own uses its parent's: the head adds rules only where
        a subcategory really goes elsewhere. Own category before the parent's, a municipality's
        rule before the fallback."""
        for category_id in (category.id, category.parent_id):
            if category_id is None:
                continue
            for place in ((municipality_id, None) if municipality_id is not None else (None,)):
                agency = self._agency.get((category_id, place))
                if agency is not None:
                    return agency
        return None


def suggest_agency(*, category: Category, municipality: Municipality | None) -> Agency | None:
    """The agency a message of this category and place should go to, or None when no rule fits."""
    return RoutingTable.load([category]).agency_for(category, municipality.id if municipality is not None else None)


def suggest_agencies(pairs: Iterable[tuple[Category, int | None]]) -> list[Agency | None]:
    """`suggest_agency` for many (category, municipality id) pairs at once."""
    pairs = list(pairs)
    table = RoutingTable.load(category for category, _ in pairs)
    return [table.agency_for(category, municipality_id) for category, municipality_id in pairs]
