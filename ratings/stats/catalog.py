"""What a statistical slice can be cut by and what it can measure.

A dimension names a column of the rollups and of the messages; a measure names the sums it needs
and how a figure is made of them. Views, forms, dashboards and exports all read these two tables,
so a new dimension or measure is added here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ratings.stats.definitions import ANSWER_BUCKETS, RESPONSE_BUCKETS, TZ_SETTING
from ratings.stats.histogram import median_hours


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str | Promise
    # SQL over the monthly rollup (alias t), the daily rollup (t) and the messages (r); None
    # where that source cannot give it.
    monthly: str | None
    daily: str | None
    direct: str
    is_time: bool = False


_LOCAL = f"(r.registered_at AT TIME ZONE {TZ_SETTING})"

DIMENSIONS: dict[str, Dimension] = {
    d.code: d
    for d in (
        Dimension("sector", _("Отраслевой блок"), "t.sector_id", "t.sector_id", "r.sector_id"),
        Dimension("category", _("Категория"), "t.category_id", "t.category_id", "r.category_id"),
        Dimension("municipality", _("Муниципальное образование"), "t.municipality_id", "t.municipality_id", "r.municipality_id"),
        Dimension("agency", _("Орган"), "t.agency_id", None, "r.agency_id"),
        Dimension("channel", _("Канал"), "t.channel_id", None, "r.channel_id"),
        Dimension("kind", _("Вид обращения"), "t.kind_id", None, "r.kind_id"),
        Dimension("status", _("Состояние"), "t.status", None, "r.status"),
        Dimension("month", _("Месяц"), "t.month", "date_trunc('month', t.day)::date", f"date_trunc('month', {_LOCAL})::date", True),
        Dimension("week", _("Неделя"), None, "date_trunc('week', t.day)::date", f"date_trunc('week', {_LOCAL})::date", True),
        Dimension("day", _("День"), None, "t.day", f"{_LOCAL}::date", True),
    )
}

# Filters accepted by a slice: the dimension whose column they restrict.
FILTER_DIMENSIONS = ("sector", "category", "municipality", "agency", "channel", "kind", "status")

DAILY_SUMS = frozenset({"received", "answered", "answered_on_time", "overdue"})
ANSWER_COLUMNS = tuple(c for c, _ in ANSWER_BUCKETS)
RESPONSE_COLUMNS = tuple(c for c, _ in RESPONSE_BUCKETS)


def _share(part: str, whole: str) -> Callable[[dict], float | None]:
    def figure(sums: dict) -> float | None:
        return 100.0 * sums[part] / sums[whole] if sums.get(whole) else None

    return figure


def _ratio(part: str, whole: str) -> Callable[[dict], float | None]:
    def figure(sums: dict) -> float | None:
        return sums[part] / sums[whole] if sums.get(whole) else None

    return figure


def _median(columns: tuple[str, ...]) -> Callable[[dict], float | None]:
    def figure(sums: dict) -> float | None:
        return median_hours([sums[c] for c in columns])

    return figure


@dataclass(frozen=True)
class Measure:
    code: str
    label: str | Promise
    sums: tuple[str, ...]
    figure: Callable[[dict], float | int | None]
    # How the figure reads: "count", "percent", "hours", "score".
    unit: str
    help: str | Promise = ""
    # Whether bigger is better (colours and "top" lists); None when neither.
    higher_is_better: bool | None = None


MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure("count", _("Количество сообщений"), ("received",), lambda s: s["received"], "count",
                _("Сообщения, зарегистрированные в периоде.")),
        Measure("on_time", _("Доля ответов в срок, %"), ("answered_on_time", "answered"), _share("answered_on_time", "answered"), "percent",
                _("Из сообщений периода, на которые дан ответ, — доля ответов не позже срока."), True),
        Measure("median_answer", _("Медиана времени ответа, ч"), ANSWER_COLUMNS + ("answered",), _median(ANSWER_COLUMNS), "hours",
                _("Половина ответов дана быстрее. Оценка по интервалам распределения (точность — ширина интервала)."), False),
        Measure("median_response", _("Медиана первого отклика, ч"), RESPONSE_COLUMNS + ("responded",), _median(RESPONSE_COLUMNS), "hours",
                _("Время до первого отклика органа (для инцидентов). Оценка по интервалам распределения."), False),
        Measure("avg_rating", _("Средняя оценка жителей"), ("rating_sum", "rated"), _ratio("rating_sum", "rated"), "score",
                _("Средняя из оценок 1–5, которые жители поставили ответам."), True),
        Measure("rated_high", _("Доля оценок 4–5, %"), ("rated_high", "rated"), _share("rated_high", "rated"), "percent",
                _("Цель Минцифры на 2025 год — не меньше 60 %."), True),
        Measure("reopened", _("Доля возобновлённых, %"), ("reopened", "received"), _share("reopened", "received"), "percent",
                _("Сообщения, которые возобновлялись после ответа."), False),
        Measure("answered", _("Дан ответ"), ("answered",), lambda s: s["answered"], "count"),
        Measure("overdue", _("Просрочено сейчас"), ("overdue",), lambda s: s["overdue"], "count",
                _("Открытые сообщения периода, срок ответа которых уже прошёл."), False),
    )
}


def figure_of(code: str, sums: dict | None) -> float | int | None:
    """A measure's figure from a slice's sums; None when nothing was counted."""
    return MEASURES[code].figure(sums) if sums else None
