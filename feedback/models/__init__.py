from .answers import Answer, AnswerKind, AnswerReview, ReturnReason
from .attachments import AnswerAttachment
from .channels import Channel, DeadlineUnit, MessageKind
from .classifier import (
    ClassifierTarget,
    ClassifierVersion,
    MessageSuggestion,
    SectorAutoRouting,
    ToneFlag,
    TrainingState,
)
from .deadline_rules import CalendarOverride, DeadlinePolicy
from .history import EventKind, MessageEvent
from .integrations import ApiScope, ApiToken, IntegrationSystem
from .mass_problems import MassProblem
from .messages import CLOSED_STATUSES, OPEN_STATUSES, Message, MessageStatus
from .open311 import Open311Key
from .privacy import PersonalDataView
from .saved_filters import SavedFilter
from .webhooks import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Answer",
    "AnswerAttachment",
    "AnswerKind",
    "CalendarOverride",
    "DeadlinePolicy",
    "DeliveryStatus",
    "AnswerReview",
    "ApiScope",
    "ApiToken",
    "IntegrationSystem",
    "Channel",
    "ClassifierTarget",
    "ClassifierVersion",
    "DeadlineUnit",
    "EventKind",
    "MassProblem",
    "Message",
    "MessageEvent",
    "MessageKind",
    "MessageSuggestion",
    "MessageStatus",
    "Open311Key",
    "PersonalDataView",
    "ReturnReason",
    "SavedFilter",
    "SectorAutoRouting",
    "ToneFlag",
    "TrainingState",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
