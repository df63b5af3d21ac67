"""What reading an archive yields: plain dataclasses, no ORM.

``ProfileFacts`` and ``NetworkFacts`` use ``None`` for "the archive does not say" (the
photo is not in the export, for one), so a service never overwrites what a trainee typed
with a guess.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..vocabulary import NETWORK_FIELDS
from .messages import Notice
from .titles import fold


def stable_hash(*parts: object, size: int = 16) -> str:
    """A short, stable digest of normalised content (never of a row position)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()


def person_hash(name: str) -> str:
    """The ``counterpart`` of a two-way conversation: a digest of the other person."""
    return stable_hash("person", fold(name), size=12) if fold(name) else ""


@dataclass(frozen=True)
class ActivityRecord:
    kind: str
    occurred_on: date
    external_key: str
    count: int = 1
    words: int | None = None
    counterpart: str = ""
    # The key an earlier reading gave this item, where the reading changed (reactions,
    # votes, reposts): the store step re-keys rows migrated as legacy (``li1:``).
    legacy_key: str = ""


@dataclass
class ProfileFacts:
    has_photo: bool | None = None
    has_banner: bool | None = None
    has_headline: bool | None = None
    summary_length: int | None = None
    has_current_position: bool | None = None
    past_positions: int | None = None
    has_education: bool | None = None
    skills_count: int | None = None
    endorsements_received: int | None = None
    recommendations_received: int | None = None
    has_featured: bool | None = None
    certifications: int | None = None
    has_custom_url: bool | None = None
    profile_updated_on: date | None = None

    def known(self) -> dict[str, Any]:
        """Only the facts the archive actually gave."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class NetworkFacts:
    connections: int | None = None
    decision_makers: int | None = None
    decision_maker_share: float | None = None
    target_market_share: float | None = None
    coworker_connections: int | None = None
    pending_invitations: int | None = None
    acceptance_rate: float | None = None
    companies_followed: int | None = None
    # (YYYY-MM, new connections that month, total at the end of it), oldest first.
    growth: tuple[tuple[str, int, int], ...] = ()

    STATE_FIELDS = NETWORK_FIELDS

    def known(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.STATE_FIELDS if getattr(self, k) is not None}


@dataclass
class AccountFacts:
    """Facts about the account that no profile or network field holds (reported only)."""

    member_groups: int | None = None  # Ad_Targeting's Member Groups: the groups joined
    registered_on: date | None = None  # Registration: the account's age
    id_verified: bool | None = None  # Verifications: an identity check passed
    verified_on: date | None = None

    def known(self) -> dict[str, Any]:
        return {
            k: v.isoformat() if isinstance(v, date) else v
            for k, v in self.__dict__.items()
            if v is not None
        }


@dataclass
class FileReport:
    """One file of the upload: what was read, used and skipped (the import inventory)."""

    name: str
    kind: str  # logical file, "article", or "" for files the import does not need
    status: str = "used"  # used | skipped | ignored
    header: str = ""
    rows_read: int = 0
    rows_used: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    notice: Notice | None = None

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] = self.skipped.get(reason, 0) + count

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "header": self.header[:500],
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "skipped": dict(self.skipped),
            "notice": self.notice.as_json() if self.notice else None,
        }


@dataclass
class ArchiveResult:
    activities: list[ActivityRecord]
    profile: ProfileFacts
    network: NetworkFacts
    files: list[FileReport]
    warnings: list[Notice]
    reference_date: date | None = None  # the export's date, as best known
    account: AccountFacts = field(default_factory=AccountFacts)

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for activity in self.activities:
            counts[activity.kind] = counts.get(activity.kind, 0) + activity.count
        return counts

    def used_files(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "used"]
