"""Reading LinkedIn's "Get a copy of your data" archive (pure code, no ORM).

``parse_upload`` takes the uploaded ZIP (or one CSV) and returns an ``ArchiveResult``:
activities with stable external keys, profile and network facts, a per-file inventory and
warnings. The services that store it live in ``scoring.archive.services``.
"""

from .messages import ArchiveError, Notice
from .parse import parse_files, parse_upload
from .reader import Limits
from .result import ActivityRecord, ArchiveResult, FileReport, NetworkFacts, ProfileFacts
from .titles import TargetMarket, is_decision_maker

__all__ = [
    "ActivityRecord",
    "ArchiveError",
    "ArchiveResult",
    "FileReport",
    "Limits",
    "NetworkFacts",
    "Notice",
    "ProfileFacts",
    "TargetMarket",
    "is_decision_maker",
    "parse_files",
    "parse_upload",
]
