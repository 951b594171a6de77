"""A crafted February 2025 whose rating is computed by hand in the tests.

Минтранс (4 counted messages, registered 03.02.2025 09:00, answer deadline 100 hours later):
  m1 answered after 50 h (ratio 0.5), closed, rating 5, final answer accepted; incident: first
     response due in 8 h, given after 2 h (ratio 0.25);
  m2 answered after 150 h (late, ratio 1.5), closed, rating 2, re-opened once, one final answer
     returned then one accepted;
  m3 answered after 80 h (ratio 0.8), not closed yet (answer pending review), no rating;
  m4 not answered, deadline passed, in work, overdue; incident without a first response (1.5).
  plus a rejected message (left out) and a message registered in March (another month).
Минздрав: 2 messages (under a minimum of 4) in Ржев.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from feedback.models import Answer, AnswerKind, AnswerReview, MessageStatus, ReturnReason
from ratings.models import Methodology

MSK = ZoneInfo("Europe/Moscow")
FEB = datetime(2025, 2, 3, 9, 0, tzinfo=MSK)


def build(region, make_message) -> dict:
    ensure_default_methodology()
    Methodology.objects.filter(is_current=True).update(min_messages=4)
    h = lambda n: FEB + timedelta(hours=n)  # noqa: E731

    def msg(agency, municipality, **fields):
        base = {"received_at": FEB, "registered_at": FEB, "deadline_at": h(100), "agency": agency, "municipality": municipality,
                "sector": region.roads}
        base.update(fields)
        return make_message(region, **base)

    t, z = region.transport, region.minzdrav
    m1 = msg(t, region.tver, status=MessageStatus.CLOSED, answered_at=h(50), rating=5, first_response_due_at=h(8), first_response_at=h(2))
    m2 = msg(t, region.tver, status=MessageStatus.CLOSED, answered_at=h(150), rating=2, reopened_count=1, returned_count=1)
    m3 = msg(t, region.tver, status=MessageStatus.ANSWERED, answered_at=h(80))
    m4 = msg(t, region.tver, status=MessageStatus.IN_WORK, is_overdue=True, first_response_due_at=h(8))
    msg(t, region.tver, status=MessageStatus.REJECTED)
    march = datetime(2025, 3, 3, 9, 0, tzinfo=MSK)
    msg(t, region.tver, received_at=march, registered_at=march, status=MessageStatus.IN_WORK)
    for _ in range(2):
        msg(z, region.rzhev, status=MessageStatus.CLOSED, answered_at=h(10))
    Answer.objects.create(message=m1, agency=t, kind=AnswerKind.FINAL, text="Отремонтировано", review=AnswerReview.ACCEPTED)
    Answer.objects.create(message=m2, agency=t, kind=AnswerKind.FINAL, text="Принято к сведению", review=AnswerReview.RETURNED,
                          return_reason=ReturnReason.FORMAL)
    Answer.objects.create(message=m2, agency=t, kind=AnswerKind.FINAL, text="Яма заделана", review=AnswerReview.ACCEPTED)
    Answer.objects.create(message=m3, agency=t, kind=AnswerKind.FINAL, text="Работы запланированы")
    return {"m1": m1, "m2": m2, "m3": m3, "m4": m4}


def ensure_default_methodology() -> None:
    """The migration creates version 1; tests with transaction=True flush it away, so put it back."""
    from ratings.models import MethodologyCriterion, MethodologyIndicator
    from ratings.rating.defaults import create_default

    if not Methodology.objects.exists():
        create_default(Methodology, MethodologyCriterion, MethodologyIndicator)
