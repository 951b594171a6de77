"""A printable passport: the page's content through a print template, A4, numbered pages."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def passport_pdf(*, version, decisions, sections) -> bytes:
    from weasyprint import HTML

    html = render_to_string("roadmap/passport_pdf.html", {
        "version": version, "decisions": decisions, "sections": sections, "now": timezone.now(),
        "region": settings.CUR_REGION_NAME,
    })
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
