import pytest

from feedback.classifier import storage
from feedback.classifier.training import (
    TrainingRefused,
    classifier_version_activate,
    classifier_version_request,
    classifier_version_train,
    training_examples,
)
from feedback.models import ClassifierTarget, ClassifierVersion, MessageStatus, TrainingState
from feedback.services.triage import message_classify

from .corpus import HEALTH, ROADS, texts


@pytest.fixture(autouse=True)
def model_dir(settings, tmp_path):
    settings.CLASSIFIER_MODEL_DIR = tmp_path


@pytest.fixture
def decided(region, make_message, make_user):
    """40 road and 40 health messages classified by an operator, and 10 never classified."""
    operator = make_user("operator")
    pothole, doctor = region.categories["Ямы и выбоины"], region.categories["Запись к врачу"]
    for category, templates in ((pothole, ROADS), (doctor, HEALTH)):
        for text in texts(templates, 32):
            message_classify(message=make_message(region, text=text), category=category, by=operator)
    for text in texts(HEALTH, 10, offset=100):
        make_message(region, text=text)
    return operator


def test_it_learns_only_from_operators_decisions(region, decided, make_message):
    # Classified by nobody (an import): its category is not an operator's decision.
    make_message(region, text="Яма на дороге", sector=region.roads, category=region.categories["Ямы и выбоины"], status=MessageStatus.CLASSIFIED)
    texts_, labels = training_examples(ClassifierTarget.SECTOR)
    assert len(texts_) == 64
    assert sorted(set(labels)) == sorted({str(region.roads.pk), str(region.health.pk)})


def _request(target, by, capture):
    with capture(execute=True):  # the task runs eagerly after the commit
        return classifier_version_request(target=target, by=by)


def test_it_trains_evaluates_and_activates_the_first_version(region, decided, make_user, django_capture_on_commit_callbacks):
    head = make_user("head")
    version = _request(ClassifierTarget.SECTOR, head, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.state == TrainingState.READY and version.progress == 100
    assert (version.training_size, version.test_size) == (51, 13)  # 20 % of 64 held out, rounded up
    assert version.is_active
    assert 0 <= version.metrics["accuracy"] <= 1 and version.metrics["n"] == 13
    assert sum(map(sum, version.metrics["confusion"])) == 13
    assert version.baseline_metrics["n"] == 13
    model = storage.load(version.file_path)
    assert model.predict(["Огромная яма на дороге"])[0] == str(region.roads.pk)


def test_it_leaves_later_versions_inactive_until_the_head_chooses(region, decided, make_user, django_capture_on_commit_callbacks):
    head = make_user("head")
    first = _request(ClassifierTarget.SECTOR, head, django_capture_on_commit_callbacks)
    second = _request(ClassifierTarget.SECTOR, head, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_active and not second.is_active
    classifier_version_activate(version=second, by=head)
    assert list(ClassifierVersion.objects.filter(is_active=True).values_list("pk", flat=True)) == [second.pk]
    classifier_version_activate(version=first, by=head)  # rollback
    assert list(ClassifierVersion.objects.filter(is_active=True).values_list("pk", flat=True)) == [first.pk]


def test_it_refuses_to_train_on_too_few_messages(region, make_user):
    version = ClassifierVersion.objects.create(target=ClassifierTarget.CATEGORY)
    version = classifier_version_train(version_id=version.pk)
    assert version.state == TrainingState.FAILED
    assert "Мало сообщений" in version.error and not version.is_active


def test_it_refuses_a_second_training_while_one_runs(region, make_user):
    ClassifierVersion.objects.create(target=ClassifierTarget.SECTOR, state=TrainingState.RUNNING)
    with pytest.raises(TrainingRefused):
        classifier_version_request(target=ClassifierTarget.SECTOR, by=make_user("head"))


def test_it_refuses_to_activate_a_failed_version(region, make_user):
    version = ClassifierVersion.objects.create(target=ClassifierTarget.SECTOR, state=TrainingState.FAILED)
    with pytest.raises(TrainingRefused):
        classifier_version_activate(version=version, by=make_user("head"))


def test_the_head_is_told_when_a_version_is_ready(region, decided, make_user, django_capture_on_commit_callbacks):
    from cur.models import Notification

    head = make_user("head")
    first = _request(ClassifierTarget.SECTOR, head, django_capture_on_commit_callbacks)
    second = _request(ClassifierTarget.SECTOR, head, django_capture_on_commit_callbacks)
    notes = {n.dedupe_key: n for n in Notification.objects.filter(recipient=head)}
    assert notes[f"classifier:{first.pk}"].title.endswith("уже активна")
    later = notes[f"classifier:{second.pk}"]
    assert f"(активная № {first.pk}:" in later.title and later.url == f"/classifier/{second.pk}/"
    assert not Notification.objects.exclude(recipient=head).exists()  # the operator is not told
