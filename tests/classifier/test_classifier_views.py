import pytest
from django.urls import reverse

from feedback.models import ClassifierTarget, ClassifierVersion, TrainingState


@pytest.fixture(autouse=True)
def model_dir(settings, tmp_path):
    settings.CLASSIFIER_MODEL_DIR = tmp_path


def _ready(region, *, active=False):
    labels = [str(region.roads.pk), str(region.health.pk)]
    figures = {
        "n": 10, "accuracy": 0.9, "macro_f1": 0.85, "labels": labels, "confusion": [[6, 1], [0, 3]],
        "classes": [
            {"label": labels[0], "precision": 1.0, "recall": 6 / 7, "f1": 12 / 13, "support": 7},
            {"label": labels[1], "precision": 0.75, "recall": 1.0, "f1": 6 / 7, "support": 3},
        ],
    }
    return ClassifierVersion.objects.create(
        target=ClassifierTarget.SECTOR, state=TrainingState.READY, metrics=figures,
        baseline_metrics={**figures, "accuracy": 0.7, "macro_f1": 0.6}, training_size=40, test_size=10, is_active=active,
    )


@pytest.mark.parametrize("role", ["operator", "sector_lead", "curator", "agency_executor"])
def test_it_refuses_everyone_but_the_head(client, region, make_user, role):
    version = _ready(region)
    client.force_login(make_user(role))
    assert client.get(reverse("feedback:classifier")).status_code == 403
    assert client.get(reverse("feedback:classifier_version", args=[version.pk])).status_code == 403
    assert client.post(reverse("feedback:classifier_train"), {"target": "sector"}).status_code == 403
    assert client.post(reverse("feedback:classifier_activate", args=[version.pk])).status_code == 403
    assert ClassifierVersion.objects.count() == 1


def test_it_sends_anonymous_users_to_login(client):
    assert client.get(reverse("feedback:classifier")).status_code == 302


def test_it_lists_versions_with_figures_for_the_head(client, region, make_user, django_assert_max_num_queries):
    _ready(region, active=True)
    _ready(region)
    client.force_login(make_user("head"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("feedback:classifier"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "90,0" in body and "85,0" in body and "70,0" in body
    assert "Обучить сейчас" in body and "Сделать активной" in body


def test_it_shows_per_class_figures_and_the_confusion_matrix(client, region, make_user):
    version = _ready(region)
    client.force_login(make_user("head"))
    body = client.get(reverse("feedback:classifier_version", args=[version.pk])).content.decode()
    assert "Дороги" in body and "Здравоохранение" in body
    assert "85,7" in body  # recall of roads 6/7
    assert "Матрица ошибок" in body


def test_it_activates_a_version_and_rolls_back(client, region, make_user):
    old, new = _ready(region, active=True), _ready(region)
    client.force_login(make_user("head"))
    client.post(reverse("feedback:classifier_activate", args=[new.pk]))
    assert list(ClassifierVersion.objects.filter(is_active=True).values_list("pk", flat=True)) == [new.pk]
    client.post(reverse("feedback:classifier_activate", args=[old.pk]))
    assert list(ClassifierVersion.objects.filter(is_active=True).values_list("pk", flat=True)) == [old.pk]


def test_it_queues_training_and_shows_the_refusal_in_russian(client, region, make_user):
    client.force_login(make_user("head"))
    page = client.post(reverse("feedback:classifier_train"), {"target": "category"}, follow=True)
    version = ClassifierVersion.objects.get()
    assert version.target == "category"
    # Too few operator decisions in an empty region: the failure is on the version, shown on the page.
    body = page.content.decode()
    assert version.state in (TrainingState.QUEUED, TrainingState.FAILED)
    assert page.status_code == 200
    page = client.post(reverse("feedback:classifier_train"), {"target": "nonsense"}, follow=True)
    assert "Неизвестная цель классификатора" in page.content.decode()
    assert body
