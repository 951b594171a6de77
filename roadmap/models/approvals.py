from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from roadmap.approvals.chains import CHAINS, CaseState, Chain, DecisionKind


class ApprovalCase(models.Model):
    """The approval of one document (a passport version, a report, a group, an indicator).

    The state is derived from the decisions (roadmap.approvals.chains.derive_state) and kept here
    with the role it waits for, so "waiting for me" is one indexed query over all kinds of
    documents. The document points here (its `approval` field); `content_type` and `object_id`
    lead back to it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    chain = models.CharField(_("цепочка"), max_length=40, choices=[(code, code) for code in CHAINS])
    sector = models.ForeignKey("sectors.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("отраслевой блок"))
    title = models.CharField(_("документ"), max_length=500)
    state = models.CharField(_("состояние"), max_length=12, choices=CaseState.choices, default=CaseState.DRAFT)
    stage = models.PositiveSmallIntegerField(_("этап"), null=True, blank=True)
    pending_role = models.CharField(_("ждёт роль"), max_length=40, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("автор"))
    created_at = models.DateTimeField(_("создан"), db_default=Now())
    updated_at = models.DateTimeField(_("изменён"), db_default=Now())

    class Meta:
        verbose_name = _("согласование документа")
        verbose_name_plural = _("согласования документов")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_case_per_document")]
        indexes = [models.Index(fields=["pending_role", "state"], name="case_waiting")]

    def __str__(self) -> str:
        return self.title

    @property
    def chain_def(self) -> Chain:
        return CHAINS[self.chain]

    @property
    def state_label(self) -> str:
        stage = self.chain_def.stage(self.stage)
        if self.state == CaseState.REVIEW and stage is not None:
            return str(stage.waiting_label)
        return str(self.get_state_display())

    @property
    def is_editable(self) -> bool:
        return self.state in (CaseState.DRAFT, CaseState.RETURNED)


class Decision(models.Model):
    """One decision on a document: who, in which role, when, what, with which remarks.

    Legally meaningful (Положение п.14–15): a database trigger refuses UPDATE and DELETE.
    `actor_name` keeps the name as it was when the decision was made.
    """

    case = models.ForeignKey(ApprovalCase, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("документ"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто"))
    actor_name = models.CharField(_("ФИО"), max_length=300)
    role = models.CharField(_("в роли"), max_length=40)
    decision = models.CharField(_("решение"), max_length=12, choices=DecisionKind.choices)
    stage = models.SmallIntegerField(_("этап"), null=True, blank=True)
    comment = models.TextField(_("замечания / комментарий"), blank=True)
    at = models.DateTimeField(_("когда"), db_default=Now())

    class Meta:
        verbose_name = _("решение")
        verbose_name_plural = _("решения")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="decision_case_time")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.actor_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Решение не изменяется: решения только добавляются.")
        super().save(*args, **kwargs)

    @property
    def role_label(self) -> str:
        from cur.roles import RoleCode

        return str(RoleCode(self.role).label) if self.role in RoleCode.values else self.role
