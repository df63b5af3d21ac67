"""``record``: the one way an audit entry is written, and the admin's audited base class.

Services call ``record`` inside the transaction of the change they make, never a
signal: the entry commits (or rolls back) with the change, and the service knows who
acted and what the values were before. A trainee acting on their own records is not
logged; the log is about what coaches and staff do to a trainee's records.

This module depends only on Django and ``accounts``, so that every app can call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from accounts.models import Cohort, User

from .models import ActorRole, AuditAction, AuditEntry

#: Fields whose values never go into the log (only the fact that they changed): any
#: field named like a password (``password``, the admin's ``password1``/``password2``).
SECRET_MARK = "password"  # noqa: S105 - a field name, not a secret
CHANGED = "(changed)"


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, decimals as text, rows as ids."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()  # one instant, one spelling
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, models.QuerySet):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def changes_between(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, list[Any]]:
    """``{"field": [before, after]}`` for each field whose value differs."""
    before, after = before or {}, after or {}
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old == new:
            continue
        if SECRET_MARK in name:
            old, new = (CHANGED if old else None), CHANGED
        changes[name] = [old, new]
    return changes


def actor_role(actor: User) -> str | None:
    """The role the log records for ``actor``: None for someone whose actions it skips."""
    if actor.is_staff:
        return ActorRole.STAFF
    if actor.is_coach:
        return ActorRole.COACH
    return None


def record(
    *,
    actor: User,
    action: str,
    obj: models.Model | None = None,
    trainee: User | None = None,
    cohort: Cohort | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: str = "",
) -> AuditEntry | None:
    """Write one audit entry for a coach's or staff member's action on a trainee's record.

    Returns None (and writes nothing) when the actor is the trainee, or not a coach or
    staff. Must run inside the transaction of the change (``transaction.atomic``).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run in the transaction of the change it logs.")
    role = actor_role(actor)
    if role is None or (trainee is not None and trainee.pk == actor.pk):
        return None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor.email,
        actor_role=role,
        trainee=trainee,
        trainee_ref=trainee.pk if trainee is not None else None,
        cohort=cohort,
        action=action,
        object_type=object_type,
        object_id="" if object_id in (None, "") else str(object_id),
        object_repr=object_repr[:200],
        changes=changes_between(before, after),
    )


def redact_for(trainee_id: int) -> int:
    """Erase the before/after values of every entry about this trainee (account deleted)."""
    return AuditEntry.objects.filter(trainee_ref=trainee_id, redacted=False).update(
        changes={}, redacted=True, object_repr=""
    )


def field_values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


# --- The admin ------------------------------------------------------------------------------


def trainee_of(obj: models.Model, field: str | None) -> User | None:
    """The trainee a row belongs to (``field`` names the link; None: the row is a user)."""
    person = obj if field is None else getattr(obj, field, None)
    if isinstance(person, User) and person.is_trainee:
        return person
    return None


def _form_changes(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    names = [n for n in form.changed_data if n in form.cleaned_data]
    return (
        {n: form.initial.get(n) for n in names},
        {n: form.cleaned_data.get(n) for n in names},
    )


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions of a trainee's rows (and of
    the rows of its inlines) each write one audit entry, in the admin's transaction."""

    #: The field that links a row to its trainee; None when the row is the user itself.
    audit_trainee_field: str | None = "user"

    def _record(
        self,
        request: HttpRequest,
        action: str,
        obj: models.Model,
        field: str | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        trainee = trainee_of(obj, field)
        if trainee is not None:
            record(
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                obj=obj,
                trainee=trainee,
                before=before,
                after=after,
            )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            before, after = _form_changes(form)
            if change and not after:
                return
            action = AuditAction.ADMIN_CHANGE if change else AuditAction.ADMIN_ADD
            self._record(request, action, obj, self.audit_trainee_field, before, after)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._record(request, AuditAction.ADMIN_DELETE, obj, self.audit_trainee_field)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._record(request, AuditAction.ADMIN_DELETE, obj, self.audit_trainee_field)
            super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        field = getattr(formset, "audit_trainee_field", "user")
        with transaction.atomic():
            deleted = [f for f in formset.deleted_forms if f.instance.pk]
            new = {id(f) for f in formset.forms if f.instance.pk is None}
            for inline_form in deleted:
                self._record(request, AuditAction.ADMIN_DELETE, inline_form.instance, field)
            super().save_formset(request, form, formset, change)
            for inline_form in formset.forms:
                if inline_form in deleted or not inline_form.has_changed():
                    continue
                if inline_form.instance.pk is None:
                    continue  # an empty extra form
                before, after = _form_changes(inline_form)
                added = id(inline_form) in new
                action = AuditAction.ADMIN_ADD if added else AuditAction.ADMIN_CHANGE
                self._record(request, action, inline_form.instance, field, before, after)
