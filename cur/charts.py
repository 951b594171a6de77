"""What a chart shows: labels, series and the unit; static/cur/charts.js draws it with Chart.js
({% cur_chart %} puts the canvas and the data on the page). Statistics (ratings.charts) and the
indicators' plan and fact (roadmap) build them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChartSpec:
    title: str
    type: str  # "line", "bar" or "hbar" (horizontal bars)
    labels: list[str]
    datasets: list[dict] = field(default_factory=list)
    unit: str = "count"
    stacked: bool = False
    # How many rows of the table the chart draws, when its series are the table's rows.
    rows_shown: int | None = None

    def as_json(self) -> dict:
        return {
            "type": self.type, "labels": self.labels, "datasets": self.datasets, "unit": self.unit, "stacked": self.stacked,
        }
