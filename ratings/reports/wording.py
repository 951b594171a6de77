"""Russian wording of the report: months in the right case, plurals, sentences made of the figures.

«Поступило 12 345 сообщений — на 8,2 % больше, чем в октябре» reads faster than a table for a
governor; the sentences say only what the figures say.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from cur.number_format import NBSP, format_number, ru_hours, ru_percent
from cur.plural import plural
from ratings.periods import add_months

MONTHS = ("", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь")
MONTHS_IN = (
    "", "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)


def month_title(day: date) -> str:
    """«ноябрь 2026 г.» (and «за ноябрь 2026 г.»: months are masculine, the accusative is the same)."""
    return f"{_(MONTHS[day.month])} {day.year}{NBSP}г."


def month_in(day: date, *, year: bool = True) -> str:
    """«в октябре 2026 г.», or «в октябре» with year=False."""
    name = _(MONTHS_IN[day.month])
    return f"в {name} {day.year}{NBSP}г." if year else f"в {name}"


def messages_count(n: int) -> str:
    return f"{format_number(n)} {plural(n, _('сообщение'), _('сообщения'), _('сообщений'))}"


def compared(current: int, before: int, when: str) -> str:
    """«на 8,2 % больше, чем в октябре»; «столько же, сколько в октябре»; «в октябре сообщений не было»."""
    if not before:
        return _("%(when)s сообщений не было") % {"when": when}
    change = 100.0 * (current - before) / before
    if format_number(abs(change), 1) == "0,0":
        return _("столько же, сколько %(when)s") % {"when": when}
    words = _("больше") if change > 0 else _("меньше")
    return _("на %(change)s %(words)s, чем %(when)s") % {"change": ru_percent(abs(change)), "words": words, "when": when}


def _sentence(text: str) -> str:
    """A full stop at the end, unless the sentence ends with an abbreviation's («2025 г.», «7,3 дн.»)."""
    return text if text.endswith(".") else text + "."


def summary(figures: dict) -> list[str]:
    """The opening sentences of the report."""
    month = date.fromisoformat(figures["month"])
    totals = figures["totals"]
    previous, last_year = add_months(month, -1), add_months(month, -12)
    received = totals["received"]
    lines = [
        _sentence(_("%(when)s поступило %(count)s — %(vs_previous)s, и %(vs_year)s") % {
            "when": month_in(month).capitalize(), "count": messages_count(received),
            "vs_previous": compared(received, totals["previous"], month_in(previous, year=previous.year != month.year)),
            "vs_year": compared(received, totals["year_ago"], month_in(last_year)),
        })
    ]
    if received:
        answered = totals["answered"]
        line = _("Ответ дан на %(answered)s (%(share)s)") % {
            "answered": format_number(answered), "share": ru_percent(100.0 * answered / received),
        }
        if totals["on_time"] is not None:
            line += _(", в срок — %(on_time)s ответов") % {"on_time": ru_percent(totals["on_time"])}
            if totals["on_time_previous"] is not None:
                line += _(" (месяцем ранее — %(before)s)") % {"before": ru_percent(totals["on_time_previous"])}
        if totals["median_answer"] is not None:
            line += _("; половина ответов дана быстрее, чем за %(median)s") % {"median": ru_hours(totals["median_answer"])}
        lines.append(_sentence(line))
    sectors = [s for s in figures["sectors"] if s["received"]]
    if sectors and received:
        top = sectors[0]
        lines.append(_("Больше всего сообщений — по блоку «%(sector)s»: %(count)s (%(share)s всех).") % {
            "sector": top["name"], "count": format_number(top["received"]), "share": ru_percent(100.0 * top["received"] / received),
        })
    satisfaction = figures["satisfaction"]
    if satisfaction["rated"]:
        reached = satisfaction["rated_high"] is not None and satisfaction["rated_high"] >= satisfaction["target"]
        lines.append(_("Жители оценили %(rated)s ответов; оценки 4–5 — %(high)s при цели не ниже %(target)s: цель %(verdict)s.") % {
            "rated": format_number(satisfaction["rated"]), "high": ru_percent(satisfaction["rated_high"]),
            "target": ru_percent(satisfaction["target"], 0), "verdict": _("достигнута") if reached else _("не достигнута"),
        })
    overdue = figures["overdue"]
    if overdue["overdue_now"]:
        lines.append(_("На дату доклада с нарушением срока открыто %(count)s, из них поступивших %(when)s — %(month)s.") % {
            "count": messages_count(overdue["overdue_now"]), "when": month_in(month, year=False),
            "month": format_number(totals["overdue"]),
        })
    return lines
