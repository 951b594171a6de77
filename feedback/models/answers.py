from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class AnswerKind(models.TextChoices):
    INTERIM = "interim", _("промежуточный")
    FINAL = "final", _("окончательный")


class AnswerReview(models.TextChoices):
    PENDING = "pending", _("на проверке")
    ACCEPTED = "accepted", _("принят")
    RETURNED = "returned", _("возвращён")


class ReturnReason(models.TextChoices):
    FORMAL = "formal", _("отписка")
    NOT_ON_MERITS = "not_on_merits", _("не по существу")
    INCOMPLETE = "incomplete", _("неполный ответ")


class Answer(models.Model):
    """An agency's interim or final answer, and the ЦУР's review of it."""

    message = models.ForeignKey("feedback.Message", on_delete=models.CASCADE, related_name="answers", verbose_name=_("сообщение"))
    agency = models.ForeignKey("sectors.Agency", on_delete=models.PROTECT, related_name="answers", verbose_name=_("орган"), db_index=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("автор"))
    kind = models.CharField(_("вид ответа"), max_length=10, choices=AnswerKind.choices)
    text = models.TextField(_("текст ответа"))
    created_at = models.DateTimeField(_("дан"), db_default=Now())
    review = models.CharField(_("проверка ЦУР"), max_length=10, choices=AnswerReview.choices, default=AnswerReview.PENDING, db_default=AnswerReview.PENDING)
    return_reason = models.CharField(_("причина возврата"), max_length=16, choices=ReturnReason.choices, blank=True)
    review_note = models.TextField(_("комментарий проверяющего"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("проверил"))
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ органа")
        verbose_name_plural = _("ответы органов")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="answer_text_not_empty"),
            models.CheckConstraint(
                condition=~Q(review=AnswerReview.RETURNED) | ~Q(return_reason=""), name="returned_answer_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ответ на № {self.message_id}"
