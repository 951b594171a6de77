"""Saving a new version of the rating methodology: validated, and made current in one transaction."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ratings.models import Methodology, MethodologyCriterion, MethodologyIndicator
from ratings.rating.criteria import CRITERIA_ORDER, Criterion
from ratings.rating.indicators import indicators_of


def methodology_errors(
    *, criteria: dict[str, int], indicators: dict[str, int], min_messages: int, green_from: Decimal, yellow_from: Decimal
) -> dict[str, list[str]]:
    """Field → Russian messages; empty when the methodology is consistent. The form shows them beside the fields."""
    errors: dict[str, list[str]] = {}

    def add(field: str, text: str) -> None:
        errors.setdefault(field, []).append(text)

    total = sum(criteria.get(code, 0) for code in CRITERIA_ORDER)
    if total != 100:
        add("__all__", _("Сумма весов критериев должна быть 100 %%, сейчас %(total)d %%.") % {"total": total})
    for code in CRITERIA_ORDER:
        if criteria.get(code, 0) == 0:
            continue
        inside = sum(indicators.get(i.code, 0) for i in indicators_of(code))
        if inside != 100:
            add(f"w_{code}", _("Веса показателей критерия «%(name)s» в сумме должны давать 100 %%, сейчас %(total)d %%.")
                % {"name": Criterion(code).label, "total": inside})
    if min_messages < 1:
        add("min_messages", _("Минимум сообщений — не меньше 1."))
    if not (0 <= yellow_from < green_from <= 100):
        add("green_from", _("Порог зелёной зоны должен быть выше порога жёлтой, оба — от 0 до 100 баллов."))
    return errors


@transaction.atomic
def methodology_create(
    *, by, criteria: dict[str, int], indicators: dict[str, int], min_messages: int, green_from: Decimal,
    yellow_from: Decimal, comment: str = "",
) -> Methodology:
    """A new version, made current; the previous version stays with the ratings computed by it."""
    errors = methodology_errors(criteria=criteria, indicators=indicators, min_messages=min_messages,
                                green_from=green_from, yellow_from=yellow_from)
    if errors:
        raise ValidationError(errors)
    # The current row is locked so that two heads saving at once make two versions, one after the other.
    list(Methodology.objects.select_for_update().filter(is_current=True).values_list("pk", flat=True))
    version = (Methodology.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    Methodology.objects.filter(is_current=True).update(is_current=False)
    methodology = Methodology.objects.create(
        version=version, is_current=True, min_messages=min_messages, green_from=green_from, yellow_from=yellow_from,
        comment=comment.strip(), created_by=by,
    )
    for c_order, code in enumerate(CRITERIA_ORDER):
        criterion = MethodologyCriterion.objects.create(methodology=methodology, code=code, weight=criteria.get(code, 0), order=c_order)
        MethodologyIndicator.objects.bulk_create(
            MethodologyIndicator(criterion=criterion, code=i.code, weight=indicators.get(i.code, 0), order=i_order)
            for i_order, i in enumerate(indicators_of(code))
        )
    return methodology
