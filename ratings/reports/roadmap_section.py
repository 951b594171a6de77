"""The report's section on projects and the ЦУР's roadmap, read from the roadmap app.

`report_roadmap_section(month)` returns None while the portal keeps no roadmap and no project
(the PDF then says the section will be filled once the roadmap is kept on the portal), or
JSON-ready data stored in the version's snapshot with every other figure:

    {
        "paragraphs": ["Дорожная карта ЦУР на 2026 год выполнена на 41,2 %…", …],   # plain text, escaped
        "table": {"head": ["Мероприятие", "Ответственный", "Срок", "Состояние"], "rows": [[…], …]},
    }
"""

from __future__ import annotations

from datetime import date

from django.utils import formats

from roadmap.selectors.report_section import roadmap_report_section

TABLE_ROWS = 25


def _number(value) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, decimal_pos=None if float(value).is_integer() else 1, use_l10n=True)


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def report_roadmap_section(month: date) -> dict | None:
    section = roadmap_report_section(month)
    if section is None:
        return None
    paragraphs: list[str] = []
    table = None
    roadmap = section.get("roadmap")
    if roadmap:
        paragraphs.append(
            f"Дорожная карта ЦУР на {roadmap['year']} год на конец месяца выполнена на {_number(roadmap['percent'])} % "
            f"(выполнено мероприятий: {roadmap['items_done']} из {roadmap['items_total']}, с учётом их веса)."
        )
        lagging = [row for row in roadmap["by_responsible"] if row["overdue"]]
        if lagging:
            paragraphs.append(
                "Просрочены мероприятия у ответственных: "
                + "; ".join(f"{row['name']} — {row['overdue']} (выполнено {_number(row['percent'])} %)" for row in lagging)
                + "."
            )
        seen, rows = set(), []
        for item in roadmap["overdue"] + roadmap["due_this_month"]:
            key = (item["title"], item["deadline"])
            if key in seen:
                continue
            seen.add(key)
            rows.append([item["title"], item["responsible"], _day(item["deadline"]), item["state"]])
        if rows:
            table = {"head": ["Мероприятие (срок в месяце или просрочено)", "Ответственный", "Срок", "Состояние"],
                     "rows": rows[:TABLE_ROWS]}
    if section.get("passports"):
        paragraphs.append(
            "Паспорта проектов: " + "; ".join(f"{label} — {count}" for label, count in section["passports"].items()) + "."
        )
    behind = section.get("behind_schedule") or []
    if behind:
        paragraphs.append(
            f"Показатели, отстающие от плана ({len(behind)}): "
            + "; ".join(
                f"«{row['indicator']}» ({row['sector']}, отв. {row['responsible']}): факт {_number(row['actual'])} "
                f"при цели {_number(row['target'])} к {_day(row['deadline'])}"
                for row in behind
            )
            + "."
        )
    elif section.get("passports"):
        paragraphs.append("Показателей, отстающих от плана, нет.")
    result: dict = {"paragraphs": paragraphs}
    if table:
        result["table"] = table
    return result
