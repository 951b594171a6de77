from .answers import Answer, AnswerKind, AnswerReview, ReturnReason
from .channels import Channel, DeadlineUnit, MessageKind
from .history import EventKind, MessageEvent
from .mass_problems import MassProblem
from .messages import CLOSED_STATUSES, OPEN_STATUSES, Message, MessageStatus
from .privacy import PersonalDataView

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Answer",
    "AnswerKind",
    "AnswerReview",
    "Channel",
    "DeadlineUnit",
    "EventKind",
    "MassProblem",
    "Message",
    "MessageEvent",
    "MessageKind",
    "MessageStatus",
    "PersonalDataView",
    "ReturnReason",
]
