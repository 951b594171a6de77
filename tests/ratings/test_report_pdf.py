"""The report's PDF: drawn from the figures, paged, Russian, escaped, marked as a draft until issued."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from ratings.reports import figures as figures_module
from ratings.reports.figures import report_figures
from ratings.reports.render import PdfMeta, render_report_document, render_report_html, render_report_pdf
from tests.ratings.report_scene import MONTH, MSK, crafted_digest, make_report_scene, pdf_text


@pytest.fixture
def figures(region, make_message, monkeypatch):
    make_report_scene(region, make_message)
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: crafted_digest(month))
    return report_figures(MONTH)


def test_it_makes_a_paged_pdf_with_the_figures_in_russian(figures):
    document = render_report_document(figures, PdfMeta(number=3, is_final=False, conclusions="Ситуация стабильная."))
    pages = len(document.pages)
    assert pages >= 5
    text = pdf_text(document)
    assert "Доклад губернатору" in text
    assert "за ноябрь 2025" in text
    assert "ПРОЕКТ" in text
    assert f"Страница 1 из {pages}" in text and f"Страница {pages} из {pages}" in text
    # «В ноябре 2025 г. поступило 5 сообщений — на 25,0 % больше, чем в октябре, и на 150,0 % больше, чем в ноябре 2024 г.»
    assert re.search(r"поступило 5\s+сообщений\s+—\s+на\s+25,0\s+%\s+больше,\s+чем\s+в\s+октябре", text)
    assert "Министерство транспорта Тверской области" in text
    assert "Ситуация стабильная." in text
    pdf, counted = render_report_pdf(figures, PdfMeta(number=3, is_final=False))
    assert pdf.startswith(b"%PDF-") and counted == pages


def test_it_says_when_ratings_are_not_computed_and_keeps_the_roadmap_placeholder(figures):
    figures = {**figures, "ratings": None}
    text = pdf_text(render_report_document(figures, PdfMeta(number=1, is_final=False)))
    assert "Рейтинги за этот месяц ещё не рассчитаны" in text
    assert "Раздел заполняется после ведения дорожной карты на портале" in text


def test_it_escapes_residents_and_agencies_text(figures):
    meta = PdfMeta(number=1, is_final=False, conclusions="Первый <script>alert(2)</script>\n\nВторой абзац")
    html = render_report_html(figures, meta)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # an agency's name from the ratings
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # the head's conclusions
    assert html.count("<p>Второй абзац</p>") == 1  # paragraphs stay paragraphs


def test_it_marks_the_final_version_with_who_issued_it(figures):
    meta = PdfMeta(number=2, is_final=True, conclusions="Выводы.", issued_by="Волков Д. И.", issued_at=datetime(2025, 12, 3, 10, tzinfo=MSK))
    text = pdf_text(render_report_document(figures, meta))
    assert "ПРОЕКТ" not in text
    assert "Окончательная версия" in text
    assert "Волков Д. И." in text
    assert "03.12.2025" in text


def test_it_draws_an_empty_month_without_failing(db, monkeypatch):
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: None)
    figures = report_figures(MONTH)
    text = pdf_text(render_report_document(figures, PdfMeta(number=1, is_final=False)))
    assert "В этом месяце сообщений не поступало." in text
