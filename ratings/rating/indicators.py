"""The catalog of indicators a methodology may weigh: each one defined once, as conditions on messages.

Every indicator names the messages it is computed from (`base`) and the messages that cost it
points (`flagged`): late answers, returned answers, low ratings… The rating's aggregate SQL
counts exactly these two sets per agency or municipality, and the drill-down lists exactly the
same sets, so every number can be opened into the messages behind it.

Three shapes of indicator:

- a share: value = the good share of the base (or the bad share, for re-openings), 0…1;
- a median of time used: for each message, the time taken divided by the time allowed by its own
  deadline (0.4 = answered in 40 % of the allowed time); an unanswered message past its deadline
  counts as 1.5, and every ratio is capped at 1.5, beyond which the score is 0 anyway;
- an average (the residents' ratings, 1–5).

Conditions that depend on "now" (is the deadline past?) take the run's moment of computation,
so a recomputation of the same data at the same moment gives the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Aggregate, Case, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Greatest, Least
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from feedback.models import Answer, AnswerKind, AnswerReview, MessageStatus
from ratings.rating.criteria import Criterion

SHARE = "share"
MEDIAN_RATIO = "median_ratio"
AVERAGE = "average"

# A ratio of time used beyond this scores 0; unanswered messages past their deadline count as it.
RATIO_CAP = 1.5
# A median ratio at or below this scores 100: answering in half the allowed time is excellent.
RATIO_FULL = 0.5
# Минцифры's 2025 target for the feedback platform: at least 60 % of ratings are 4 or 5.
GOOD_RATINGS_TARGET = 0.6


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class Epoch(Func):
    """Seconds in an interval."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    output_field = FloatField()


def _time_ratio(done: str, due: str) -> Case:
    """Time taken from registration to `done` over the time allowed from registration to `due`."""
    allowed = Greatest(Epoch(F(due) - F("registered_at")), Value(1.0))
    taken = Greatest(Epoch(F(done) - F("registered_at")), Value(0.0))
    return Case(
        When(**{f"{done}__isnull": True}, then=Value(RATIO_CAP)),
        default=Least(Value(RATIO_CAP), taken / allowed),
        output_field=FloatField(),
    )


def _past(field: str, as_of: datetime) -> Q:
    return Q(**{f"{field}__lt": as_of})


def _late(done: str, due: str, as_of: datetime) -> Q:
    """Done after the deadline, or not done and the deadline has passed."""
    return Q(**{f"{done}__gt": F(due)}) | Q(**{f"{done}__isnull": True}) & _past(due, as_of)


def _due_and_decided(done: str, due: str, as_of: datetime) -> Q:
    """Has a deadline, and either is done or its deadline has passed: whether it was on time is known."""
    return Q(**{f"{due}__isnull": False}) & (Q(**{f"{done}__isnull": False}) | _past(due, as_of))


def _final_answers(review: list[str], since: datetime):
    # Answers to a month's messages are never older than the month: the bound keeps the subquery
    # to the answers of recent months when the table holds years.
    return Answer.objects.filter(kind=AnswerKind.FINAL, review__in=review, created_at__gte=since).values("message_id")


@dataclass(frozen=True)
class Indicator:
    code: str
    criterion: str
    name: str | Promise
    # How the value is computed and how it becomes a score, for the methodology page.
    explanation: str | Promise
    # What the drill-down of flagged messages lists, e.g. «ответ дан позже срока».
    flagged_label: str | Promise
    shape: str
    base: Callable[[datetime, datetime], Q]  # (as_of, month_start) → Q
    flagged: Callable[[datetime, datetime], Q]
    default_weight: int = 0
    # For shares: True when the flagged share is what the value shows (re-openings).
    value_is_flagged_share: bool = False
    ratio: Callable[[], Case] | None = None
    average_field: str = ""

    def value(self, den: int, bad: int, median: float | None = None, average: float | None = None) -> float | None:
        """The indicator's value from its aggregated counts; None when nothing was there to measure."""
        if not den:
            return None
        if self.shape == MEDIAN_RATIO:
            return median
        if self.shape == AVERAGE:
            return average
        return bad / den if self.value_is_flagged_share else (den - bad) / den


def _all(as_of, start) -> Q:
    return Q()


CATALOG: tuple[Indicator, ...] = (
    Indicator(
        code="closed_share",
        criterion=Criterion.QUANTITY,
        name=_("Доля закрытых сообщений"),
        explanation=_(
            "Сколько из поступивших за месяц сообщений закрыто: ответ органа принят ЦУР. Балл — доля в процентах. "
            "Само число сообщений не даёт баллов: много жалоб — не заслуга и не вина органа."
        ),
        flagged_label=_("не закрыто"),
        shape=SHARE,
        base=_all,
        flagged=lambda as_of, start: ~Q(status=MessageStatus.CLOSED),
        default_weight=100,
    ),
    Indicator(
        code="on_time_share",
        criterion=Criterion.SPEED,
        name=_("Доля ответов в срок"),
        explanation=_(
            "Из сообщений, по которым уже ясно, уложился ли орган в срок (ответ дан или срок истёк), — доля ответов, "
            "данных не позже срока. Балл — доля в процентах."
        ),
        flagged_label=_("ответ позже срока или срок истёк без ответа"),
        shape=SHARE,
        base=lambda as_of, start: _due_and_decided("answered_at", "deadline_at", as_of),
        flagged=lambda as_of, start: _late("answered_at", "deadline_at", as_of),
        default_weight=60,
    ),
    Indicator(
        code="answer_median",
        criterion=Criterion.SPEED,
        name=_("Медиана времени ответа"),
        explanation=_(
            "Для каждого сообщения — какую часть отведённого срока занял ответ (без ответа после срока — 150 %); "
            "берётся медиана. Ответ за половину срока и быстрее — 100 баллов, ровно в срок — 50, "
            "на 50 % позже срока и дольше — 0, между ними — по прямой."
        ),
        flagged_label=_("ответ позже срока или срок истёк без ответа"),
        shape=MEDIAN_RATIO,
        base=lambda as_of, start: _due_and_decided("answered_at", "deadline_at", as_of),
        flagged=lambda as_of, start: _late("answered_at", "deadline_at", as_of),
        ratio=lambda: _time_ratio("answered_at", "deadline_at"),
        default_weight=20,
    ),
    Indicator(
        code="first_response_median",
        criterion=Criterion.SPEED,
        name=_("Медиана времени первого отклика (инциденты)"),
        explanation=_(
            "Для инцидентов из соцсетей и мессенджеров — какую часть срока первого отклика заняла первая реакция "
            "органа; медиана оценивается так же, как медиана времени ответа."
        ),
        flagged_label=_("первый отклик позже срока или срок истёк без отклика"),
        shape=MEDIAN_RATIO,
        base=lambda as_of, start: _due_and_decided("first_response_at", "first_response_due_at", as_of),
        flagged=lambda as_of, start: _late("first_response_at", "first_response_due_at", as_of),
        ratio=lambda: _time_ratio("first_response_at", "first_response_due_at"),
        default_weight=20,
    ),
    Indicator(
        code="first_try_share",
        criterion=Criterion.QUALITY,
        name=_("Доля ответов, принятых с первого раза"),
        explanation=_(
            "Из сообщений, окончательный ответ на которые проверен ЦУР, — доля тех, где ни один ответ не был "
            "возвращён органу как отписка или ответ не по существу. Балл — доля в процентах."
        ),
        flagged_label=_("ответ возвращался на доработку"),
        shape=SHARE,
        base=lambda as_of, start: Q(pk__in=_final_answers([AnswerReview.ACCEPTED, AnswerReview.RETURNED], start)),
        flagged=lambda as_of, start: Q(pk__in=_final_answers([AnswerReview.RETURNED], start)),
        default_weight=40,
    ),
    Indicator(
        code="reopened_share",
        criterion=Criterion.QUALITY,
        name=_("Доля возобновлённых"),
        explanation=_(
            "Из сообщений с ответом — доля возобновлённых после закрытия из-за недовольства жителя. "
            "Балл — 100 минус доля в процентах."
        ),
        flagged_label=_("возобновлялось"),
        shape=SHARE,
        base=lambda as_of, start: Q(answered_at__isnull=False),
        flagged=lambda as_of, start: Q(reopened_count__gt=0),
        value_is_flagged_share=True,
        default_weight=20,
    ),
    Indicator(
        code="good_rating_share",
        criterion=Criterion.QUALITY,
        name=_("Доля оценок 4–5"),
        explanation=_(
            "Из оценённых жителями ответов — доля оценок 4 и 5. Цель Минцифры на 2025 год — не меньше 60 %: "
            "её достижение даёт 100 баллов, ниже — пропорционально (30 % — 50 баллов)."
        ),
        flagged_label=_("оценка 1–3"),
        shape=SHARE,
        base=lambda as_of, start: Q(rating__isnull=False),
        flagged=lambda as_of, start: Q(rating__lte=3),
        default_weight=40,
    ),
    Indicator(
        code="rating_average",
        criterion=Criterion.QUALITY,
        name=_("Средняя оценка жителей"),
        explanation=_("Средняя оценка ответов жителями от 1 до 5: оценка 1 — 0 баллов, 5 — 100, между ними — по прямой."),
        flagged_label=_("оценка 1–3"),
        shape=AVERAGE,
        base=lambda as_of, start: Q(rating__isnull=False),
        flagged=lambda as_of, start: Q(rating__lte=3),
        average_field="rating",
        default_weight=0,
    ),
    Indicator(
        code="answered_share",
        criterion=Criterion.COMPLETENESS,
        name=_("Доля сообщений с ответом"),
        explanation=_(
            "Из сообщений, на которые уже должен быть дан ответ (ответ дан или срок истёк), — доля тех, на которые "
            "орган ответил, в срок или позже. Балл — доля в процентах."
        ),
        flagged_label=_("срок истёк, ответа нет"),
        shape=SHARE,
        base=lambda as_of, start: Q(answered_at__isnull=False) | _past("deadline_at", as_of),
        flagged=lambda as_of, start: Q(answered_at__isnull=True) & _past("deadline_at", as_of),
        default_weight=50,
    ),
    Indicator(
        code="no_overdue_share",
        criterion=Criterion.COMPLETENESS,
        name=_("Доля без открытой просрочки"),
        explanation=_(
            "Из всех сообщений месяца — доля тех, что на момент расчёта не числятся открытыми просроченными. "
            "Балл — доля в процентах."
        ),
        flagged_label=_("открыто и просрочено"),
        shape=SHARE,
        base=_all,
        flagged=lambda as_of, start: Q(is_overdue=True),
        default_weight=50,
    ),
)

INDICATORS: dict[str, Indicator] = {i.code: i for i in CATALOG}


def indicators_of(criterion: str) -> list[Indicator]:
    return [i for i in CATALOG if i.criterion == criterion]


def indicator_score(indicator: Indicator, value: float | None) -> float | None:
    """0–100 points for a value; the scale of each shape is explained beside it on the methodology page."""
    if value is None:
        return None
    if indicator.shape == MEDIAN_RATIO:
        return min(100.0, max(0.0, 100.0 * (RATIO_CAP - value) / (RATIO_CAP - RATIO_FULL)))
    if indicator.shape == AVERAGE:
        return min(100.0, max(0.0, (value - 1.0) / 4.0 * 100.0))
    if indicator.value_is_flagged_share:
        return 100.0 * (1.0 - value)
    if indicator.code == "good_rating_share":
        return min(100.0, 100.0 * value / GOOD_RATINGS_TARGET)
    return 100.0 * value
