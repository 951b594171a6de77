"""GET /projects/passports/<pk>/pdf/: a printable A4 passport with its title and decisions."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "passport.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="нет pdftotext (poppler-utils)")
def test_it_prints_the_passport(client, people, approved_passport, tmp_path):
    client.force_login(people.curator)
    r = client.get(reverse("roadmap:passport_pdf", args=[approved_passport.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    text = pdf_text(r.content, tmp_path)
    assert "Прозрачный ремонт дорог" in text
    assert "Страница 1 из" in text
    assert "утверждено" in text and people.curator.get_full_name() in text
    assert "1 850" in text


def test_it_refuses_the_pdf_to_another_sector(client, people, approved_passport):
    client.force_login(people.health_minister)
    assert client.get(reverse("roadmap:passport_pdf", args=[approved_passport.pk])).status_code == 404
