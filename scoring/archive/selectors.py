"""Reads of the archive import: the viewer's imports and what one of them found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.permissions import trainees_for_viewer

from ..models import ActivityKind, ArchiveImport, ProfileState
from .messages import render, skip_reason


def archive_imports_of(user: User, *, limit: int = 20) -> QuerySet[ArchiveImport]:
    """The user's latest imports (one query, no per-row work)."""
    return ArchiveImport.objects.filter(user=user).defer("files", "warnings")[:limit]


def archive_import_for_viewer(viewer: User | AnonymousUser, import_id: int | str) -> ArchiveImport:
    """An import the viewer may read (their own, or a coached trainee's), else 404."""
    try:
        pk = int(import_id)
    except (TypeError, ValueError):
        raise Http404 from None
    record = (
        ArchiveImport.objects.filter(pk=pk, user__in=trainees_for_viewer(viewer))
        .select_related("user")
        .first()
    )
    if record is None:
        raise Http404
    return record


@dataclass
class FileRow:
    name: str
    status: str
    header: str
    rows_read: int
    rows_used: int
    skipped: list[tuple[str, int]] = field(default_factory=list)
    notice: str = ""


@dataclass
class ImportSummary:
    files: list[FileRow]
    ignored: list[str]
    warnings: list[str]
    counts: list[tuple[str, int]]
    error: str
    profile: list[tuple[str, Any]] = field(default_factory=list)
    growth: list[tuple[str, int, int]] = field(default_factory=list)
    # Stock values the import kept back, waiting for the trainee's say: (code, text).
    kept_back: list[tuple[str, str]] = field(default_factory=list)


def import_summary(record: ArchiveImport) -> ImportSummary:
    """What an import found, in the active language."""
    rows: list[FileRow] = []
    ignored: list[str] = []
    for item in record.files or []:
        if item.get("status") == "ignored" and not item.get("notice"):
            ignored.append(item.get("name", ""))
            continue
        notice = item.get("notice") or {}
        rows.append(
            FileRow(
                name=item.get("name", ""),
                status=item.get("status", ""),
                header=item.get("header", ""),
                rows_read=item.get("rows_read", 0),
                rows_used=item.get("rows_used", 0),
                skipped=[(skip_reason(k), v) for k, v in (item.get("skipped") or {}).items()],
                notice=render(notice["code"], notice.get("params")) if notice else "",
            )
        )
    labels = dict(ActivityKind.choices)
    counts = sorted(
        ((str(labels.get(kind, kind)), n) for kind, n in (record.counts or {}).items()),
        key=lambda pair: -pair[1],
    )
    error: dict[str, Any] = record.error or {}
    facts: dict[str, Any] = record.facts or {}
    profile = [
        (str(getattr(ProfileState._meta.get_field(name), "verbose_name", name)), value)
        for name, value in (facts.get("profile") or {}).items()
        if name != "profile_updated_on"
    ]
    growth = [
        (str(month), int(new), int(total))
        for month, new, total in (facts.get("network") or {}).get("growth", [])[-12:]
    ]
    return ImportSummary(
        profile=profile,
        growth=growth,
        files=rows,
        ignored=ignored,
        warnings=[
            render(w["code"], w.get("params"))
            for w in record.warnings or []
            if not str(w.get("code", "")).startswith("stock_kept_")
        ],
        kept_back=[
            (w["code"], render(w["code"], w.get("params")))
            for w in record.warnings or []
            if str(w.get("code", "")).startswith("stock_kept_")
        ],
        counts=counts,
        error=render(error["code"], error.get("params")) if error.get("code") else "",
    )
