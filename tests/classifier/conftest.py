"""A small trained category model for tests of what the suggestion does in the portal."""

from __future__ import annotations

import pytest

from feedback.classifier import storage
from feedback.classifier.model import TextClassifier
from feedback.models import ClassifierTarget, ClassifierVersion, TrainingState

from .corpus import HEALTH, ROADS, WASTE, texts


@pytest.fixture
def category_model(region, settings, tmp_path):
    """An active category version trained on invented texts: roads → «Ямы и выбоины», health → «Запись к врачу»."""
    settings.CLASSIFIER_MODEL_DIR = str(tmp_path)
    pits, doctor, other = region.categories["Ямы и выбоины"], region.categories["Запись к врачу"], region.categories["Тротуары"]
    x, y = [], []
    for templates, category in ((ROADS, pits), (HEALTH, doctor), (WASTE, other)):
        for text in texts(templates, 24):
            x.append(text)
            y.append(str(category.pk))
    version = ClassifierVersion.objects.create(target=ClassifierTarget.CATEGORY, state=TrainingState.READY, is_active=True)
    path = storage.path_for(version.pk, version.target)
    storage.save(TextClassifier().fit(x, y), path)
    version.file_path = str(path)
    version.save(update_fields=["file_path"])
    return pits, doctor
