"""The report's section on projects and the ЦУР's roadmap: filled in by the roadmap's issue.

`report_roadmap_section(month)` returns None while the portal keeps no roadmap (the PDF then says
the section will be filled once the roadmap is kept on the portal), or JSON-ready data:

    {
        "paragraphs": ["Выполнено 41 % мероприятий дорожной карты…", …],   # plain text, escaped
        "table": {"head": ["Мероприятие", "Срок", "Состояние"], "rows": [["…", "31.12.2026", "выполнено"], …]},
    }

Both keys are optional. The data is stored in the version's snapshot with every other figure.
"""

from __future__ import annotations

from datetime import date


def report_roadmap_section(month: date) -> dict | None:
    return None
