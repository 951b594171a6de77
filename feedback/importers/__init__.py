"""Importing messages exported by other systems: readers per file format, column mapping, the run."""

from .lookups import ImportLookups
from .mapping import ColumnMapping, MappingError
from .readers import ReaderError, open_reader
from .run import (
    ImportFailed,
    ImportResult,
    RowError,
    RowWarning,
    channel_by_code,
    messages_import,
    write_errors,
)

__all__ = [
    "ColumnMapping",
    "ImportFailed",
    "ImportLookups",
    "ImportResult",
    "MappingError",
    "ReaderError",
    "RowError",
    "RowWarning",
    "channel_by_code",
    "messages_import",
    "open_reader",
    "write_errors",
]
