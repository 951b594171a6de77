"""Messages with known figures for the governor's report: November 2025, October 2025, November 2024.

November 2025 (the reported month), 5 messages:
  roads   Ямы и выбоины   Тверь  platform  closed, answered in 10 h of 48, rated 5
  roads   Ямы и выбоины   Ржев   platform  closed, answered in 100 h of 48 (late), rated 2, answer returned once
  roads   Тротуары        Тверь  letter    in work, deadline passed (overdue), agency Минтранс
  health  Запись к врачу  Тверь  social    closed, answered in 20 h of 240, rated 4
  health  Запись к врачу  Ржев   platform  closed, answered in 30 h of 240, rated 4, answer returned once
October 2025: 4 messages (3 roads, 1 health). November 2024: 2 messages (roads).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ratings.selectors.rating_digest import RatedBody, RatingDigest

MSK = ZoneInfo("Europe/Moscow")
MONTH = date(2025, 11, 1)


def make_report_scene(region, make_message):
    plan = [
        # (registered, sector, category, municipality, channel, status, answer h, deadline h, rating, returned, overdue, agency)
        (datetime(2025, 11, 3, 10, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.pos, "closed", 10, 48, 5, 0, False, region.transport),
        (datetime(2025, 11, 10, 10, tzinfo=MSK), region.roads, "Ямы и выбоины", region.rzhev, region.pos, "closed", 100, 48, 2, 1, False, region.transport),
        (datetime(2025, 11, 12, 10, tzinfo=MSK), region.roads, "Тротуары", region.tver, region.letter, "in_work", None, 48, None, 0, True, region.transport),
        (datetime(2025, 11, 20, 10, tzinfo=MSK), region.health, "Запись к врачу", region.tver, region.social, "closed", 20, 240, 4, 0, False, region.minzdrav),
        (datetime(2025, 11, 28, 10, tzinfo=MSK), region.health, "Запись к врачу", region.rzhev, region.pos, "closed", 30, 240, 4, 1, False, region.minzdrav),
        (datetime(2025, 10, 5, 10, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.pos, "closed", 10, 48, None, 0, False, region.transport),
        (datetime(2025, 10, 6, 10, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.pos, "closed", 60, 48, None, 0, False, region.transport),
        (datetime(2025, 10, 7, 10, tzinfo=MSK), region.roads, "Тротуары", region.tver, region.pos, "closed", 10, 48, 5, 0, False, region.transport),
        (datetime(2025, 10, 8, 10, tzinfo=MSK), region.health, "Запись к врачу", region.tver, region.pos, "closed", 10, 240, 3, 0, False, region.minzdrav),
        (datetime(2024, 11, 5, 10, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.pos, "closed", 10, 48, None, 0, False, region.transport),
        (datetime(2024, 11, 6, 10, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.pos, "closed", 10, 48, None, 0, False, region.transport),
    ]
    for registered, sector, category, place, channel, status, answer_h, deadline_h, rating, returned, overdue, agency in plan:
        make_message(
            region, received_at=registered, registered_at=registered, sector=sector, category=region.categories[category],
            municipality=place, channel=channel, status=status, agency=agency,
            deadline_at=registered + timedelta(hours=deadline_h),
            answered_at=registered + timedelta(hours=answer_h) if answer_h is not None else None,
            rating=rating, returned_count=returned, is_overdue=overdue,
        )
    return region


def body(name: str, rank: int | None, score: str | None, zone: str = "green", change: str | None = None) -> RatedBody:
    return RatedBody(
        name=name, messages=12, score=Decimal(score) if score else None, rank=rank, zone=zone,
        change=Decimal(change) if change else None,
        criteria={"quantity": Decimal("80"), "speed": Decimal("70.5"), "quality": Decimal("90"), "completeness": Decimal("60")},
    )


def crafted_digest(month: date = MONTH) -> RatingDigest:
    return RatingDigest(
        month=month, version=2, methodology_version=1,
        agencies_best=[body("Министерство транспорта Тверской области", 1, "91.5", change="3.2")],
        agencies_worst=[body("Министерство <script>alert(1)</script> здравоохранения", 7, "41.0", "red", "-5")],
        municipalities_best=[body("Тверь", 1, "88.0")],
        municipalities_worst=[body("Ржев", 2, "55.5", "yellow")],
        agencies_rated=7, agencies_not_rated=2, municipalities_rated=2, municipalities_not_rated=0,
        criteria_names={"quantity": "Количество", "speed": "Скорость", "quality": "Качество", "completeness": "Полнота"},
    )


def pdf_text(document) -> str:
    """Every piece of text WeasyPrint laid out, page by page (margin boxes included)."""
    pieces: list[str] = []

    def walk(box) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            pieces.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
        pieces.append("\f")
    # Words hyphenated at a line's end («транспор‐ та») are joined back.
    return " ".join(pieces).replace("\u2010 ", "")
