from .intake import IncomingMessageForm, IntakeLookups

__all__ = ["IncomingMessageForm", "IntakeLookups"]
