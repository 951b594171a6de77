"""Положение, раздел V: each active sector has at least three categories and one «прочие по направлению»."""

from __future__ import annotations

from sectors.models import Category, Sector

MIN_CATEGORIES_PER_SECTOR = 3


def sector_category_problems(sector: Sector) -> list[str]:
    """What is wrong with an active sector's categories, in Russian; an empty list when all is well."""
    if not sector.is_active:
        return []
    top = Category.objects.filter(sector=sector, parent__isnull=True, is_active=True)
    problems = []
    if top.count() < MIN_CATEGORIES_PER_SECTOR:
        problems.append(
            f"«{sector.name}»: действующих категорий верхнего уровня меньше {MIN_CATEGORIES_PER_SECTOR}."
        )
    if not top.filter(is_other=True).exists():
        problems.append(f"«{sector.name}»: нет категории «прочие по направлению».")
    return problems
