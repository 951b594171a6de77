"""Reads for the classifier pages: versions with their figures, labels shown by name."""

from __future__ import annotations

from feedback.models import ClassifierTarget, ClassifierVersion, TrainingState
from sectors.models import Category, Sector


def label_names(target: str) -> dict[str, str]:
    if target == ClassifierTarget.SECTOR:
        return {str(pk): name for pk, name in Sector.objects.values_list("pk", "name")}
    return {str(pk): f"{sector} / {name}" for pk, name, sector in Category.objects.values_list("pk", "name", "sector__name")}


def versions_by_target() -> list[dict]:
    """Per target: its versions (newest first), the active one, whether one is training."""
    versions = list(ClassifierVersion.objects.select_related("trained_by").order_by("-created_at", "-id"))
    out = []
    for target in ClassifierTarget:
        mine = [v for v in versions if v.target == target]
        out.append({
            "target": target, "versions": mine,
            "active": next((v for v in mine if v.is_active), None),
            "busy": any(v.state in (TrainingState.QUEUED, TrainingState.RUNNING) for v in mine),
        })
    return out


def version_report(version: ClassifierVersion) -> dict:
    """Per-class rows and the confusion matrix with names instead of ids."""
    names = label_names(version.target)

    def name(label: str) -> str:
        return names.get(label, label)

    figures = version.metrics or {}
    baseline = {row["label"]: row for row in (version.baseline_metrics or {}).get("classes", [])}
    rows = [{**row, "name": name(row["label"]), "baseline_f1": baseline.get(row["label"], {}).get("f1")} for row in figures.get("classes", [])]
    labels = figures.get("labels", [])
    matrix = [{"name": name(label), "cells": cells, "total": sum(cells)} for label, cells in zip(labels, figures.get("confusion", []), strict=False)]
    return {"rows": rows, "labels": [name(x) for x in labels], "matrix": matrix}


ACCEPTANCE_DAYS = 90


def acceptance_by_sector(*, days: int = ACCEPTANCE_DAYS, now=None) -> list[dict]:
    """Per sector, over the last `days`: classifications made with a suggestion shown, and how many
    kept the suggested category. The sector is the one the operator chose (a rejected suggestion
    counts against the block the message really belongs to)."""
    from datetime import timedelta

    from django.db.models import Count, Q
    from django.utils import timezone

    from feedback.models import EventKind, MessageEvent

    since = (now or timezone.now()) - timedelta(days=days)
    rows = (
        MessageEvent.objects.filter(kind=EventKind.CLASSIFIED, at__gte=since, data__has_key="suggestion")
        .values("message__sector__name")
        .annotate(shown=Count("id"), accepted=Count("id", filter=Q(data__suggestion__accepted=True)))
        .order_by("message__sector__name")
    )
    return [
        {"sector": row["message__sector__name"] or "—", "shown": row["shown"], "accepted": row["accepted"],
         "share": 100.0 * row["accepted"] / row["shown"]}
        for row in rows
    ]


def auto_routing_rows(*, days: int = ACCEPTANCE_DAYS, now=None) -> list[dict]:
    """Per active sector: its auto-classification threshold, what the active category version's
    held-out test says each threshold would do there, and how many messages the classifier
    classified by itself lately (the operators' acceptance is `acceptance_by_sector`)."""
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from feedback.models import EventKind, MessageEvent, SectorAutoRouting

    since = (now or timezone.now()) - timedelta(days=days)
    thresholds = dict(SectorAutoRouting.objects.values_list("sector_id", "min_confidence"))
    active = ClassifierVersion.objects.filter(target=ClassifierTarget.CATEGORY, is_active=True).only("metrics").first()
    tables = (active.metrics or {}).get("thresholds", {}) if active else {}
    automatic = dict(
        MessageEvent.objects.filter(kind=EventKind.CLASSIFIED, actor__isnull=True, at__gte=since, data__auto="classifier")
        .values("message__sector_id").annotate(n=Count("id")).values_list("message__sector_id", "n")
    )
    rows = []
    for sector in Sector.objects.filter(is_active=True).order_by("order", "name"):
        rows.append({
            "sector": sector, "threshold": thresholds.get(sector.pk),
            "table": tables.get(str(sector.pk), []),
            "automatic": automatic.get(sector.pk, 0),
        })
    return rows
