from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


def _attachment_path(instance, filename: str) -> str:
    return f"answers/{instance.answer.message_id}/{filename}"


class AnswerAttachment(models.Model):
    answer = models.ForeignKey("feedback.Answer", on_delete=models.CASCADE, related_name="attachments", verbose_name=_("ответ"))
    file = models.FileField(_("файл"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер, байт"))
    created_at = models.DateTimeField(_("загружено"), db_default=Now())

    class Meta:
        verbose_name = _("вложение ответа")
        verbose_name_plural = _("вложения ответов")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
