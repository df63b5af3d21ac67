"""The audit log: what coaches and staff did to a trainee's records.

Entries are written by ``privacy.audit.record`` from the services that make the change,
in the same transaction, so that a change and its entry commit or vanish together.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    NOTE_CREATE = "note_create", _("Note written")
    NOTE_DELETE = "note_delete", _("Note deleted")
    TASK_ASSIGN = "task_assign", _("Task assigned")
    TARGET_SET = "target_set", _("Target changed")
    STRATEGY_SET = "strategy_set", _("Plan strategy changed")
    SNAPSHOT_VERIFY = "snapshot_verify", _("SSI entry verified")
    SNAPSHOT_UNVERIFY = "snapshot_unverify", _("SSI verification withdrawn")
    ADMIN_ADD = "admin_add", _("Added in the admin")
    ADMIN_CHANGE = "admin_change", _("Changed in the admin")
    ADMIN_DELETE = "admin_delete", _("Deleted in the admin")
    ACCOUNT_DELETE = "account_delete", _("Account deleted")


class ActorRole(models.TextChoices):
    COACH = "coach", _("Coach")
    STAFF = "staff", _("Staff")


class AuditEntry(models.Model):
    """Who did what to which record of which trainee, and when.

    ``trainee_ref`` and ``actor_label`` outlive the rows they name: the log still says
    "trainee #42's account was deleted by staff@..." after the account is gone. When a
    trainee's account is deleted, the before/after values of the entries about them are
    erased (they may hold what a note said) and ``redacted`` is set.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (e-mail)"), max_length=254)
    actor_role = models.CharField(_("as"), max_length=8, choices=ActorRole.choices)
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainee"),
    )
    trainee_ref = models.PositiveBigIntegerField(_("trainee id"), null=True, blank=True)
    cohort = models.ForeignKey(
        "accounts.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cohort"),
    )
    action = models.CharField(_("what"), max_length=24, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(
        _("before and after"),
        default=dict,
        blank=True,
        help_text=_('Per field: {"field": [before, after]}.'),
    )
    redacted = models.BooleanField(_("values erased"), default=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["trainee_ref", "at"], name="auditentry_trainee_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AuditAction.values), name="auditentry_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(actor_role__in=ActorRole.values), name="auditentry_actor_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
