"""The default methodology (DESIGN.md §4), created as version 1 by the migration."""

from __future__ import annotations

from ratings.rating.criteria import CRITERIA_ORDER, Criterion
from ratings.rating.indicators import indicators_of

# Speed and quality weigh most: they are what residents feel. Quantity is context (closing what
# came in), so it weighs least.
DEFAULT_CRITERIA_WEIGHTS = {
    Criterion.QUANTITY: 10,
    Criterion.SPEED: 35,
    Criterion.QUALITY: 30,
    Criterion.COMPLETENESS: 25,
}
DEFAULT_MIN_MESSAGES = 10
DEFAULT_GREEN_FROM = 80
DEFAULT_YELLOW_FROM = 60


def default_structure() -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(criterion, weight, [(indicator, weight), …]), …] in the methodology's order."""
    return [
        (code, DEFAULT_CRITERIA_WEIGHTS[code], [(i.code, i.default_weight) for i in indicators_of(code)])
        for code in CRITERIA_ORDER
    ]


def create_default(methodology_model, criterion_model, indicator_model) -> None:
    """Version 1, current. Takes the model classes so that a migration can pass its historical ones."""
    methodology = methodology_model.objects.create(
        version=1, is_current=True, min_messages=DEFAULT_MIN_MESSAGES, green_from=DEFAULT_GREEN_FROM,
        yellow_from=DEFAULT_YELLOW_FROM, comment="Методика по умолчанию (DESIGN.md §4).",
    )
    for c_order, (code, weight, indicators) in enumerate(default_structure()):
        criterion = criterion_model.objects.create(methodology=methodology, code=code, weight=weight, order=c_order)
        indicator_model.objects.bulk_create(
            indicator_model(criterion=criterion, code=i_code, weight=i_weight, order=i_order)
            for i_order, (i_code, i_weight) in enumerate(indicators)
        )
