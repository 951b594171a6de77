"""Routing: (category, municipality) → the responsible agency, falling back to the category's rule."""

from __future__ import annotations

from django.db.models import Q

from sectors.models import Agency, Category, Municipality, RoutingRule


def suggest_agency(*, category: Category, municipality: Municipality | None) -> Agency | None:
    """The agency a message of this category and place should go to, or None when no rule fits.

    A subcategory without rules of its own uses its parent's: the head adds rules only where a
    subcategory really goes elsewhere.
    """
    categories = [category.id] + ([category.parent_id] if category.parent_id else [])
    place = Q(municipality__isnull=True)
    if municipality is not None:
        place |= Q(municipality=municipality)
    rules = RoutingRule.objects.filter(category_id__in=categories, is_active=True, agency__is_active=True).filter(place)
    best = None
    best_rank = None
    for rule in rules.select_related("agency"):
        # Own category before the parent's, a municipality's rule before the fallback.
        rank = (rule.category_id != category.id, rule.municipality_id is None)
        if best_rank is None or rank < best_rank:
            best, best_rank = rule.agency, rank
    return best
