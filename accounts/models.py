"""People, cohorts and the links between them.

The cohort is the privacy boundary of the product: a coach sees the trainees of the
cohorts they coach and nothing else (see ``accounts.permissions``).
"""

import secrets
import zoneinfo
from decimal import Decimal
from functools import cache

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    COACH = "coach", _("Coach")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    ITALIAN = "it", _("Italian")


class ReminderKind(models.TextChoices):
    """The reminders the platform sends; each can be switched off by e-mail on its own."""

    DAILY_DIGEST = "daily_digest", _("Daily digest of today's tasks")
    SSI_PROMPT = "ssi_prompt", _("Weekly reminder to record your SSI")
    INACTIVITY = "inactivity", _("Nudge after five quiet days")
    COACH_DIGEST = "coach_digest", _("Weekly digest of your cohorts")


#: The user field that says whether a kind of reminder is also e-mailed.
EMAIL_KIND_FIELDS = {kind: f"email_{kind}" for kind in ReminderKind.values}
TRAINEE_REMINDER_KINDS = (
    ReminderKind.DAILY_DIGEST,
    ReminderKind.SSI_PROMPT,
    ReminderKind.INACTIVITY,
)
COACH_REMINDER_KINDS = (ReminderKind.COACH_DIGEST,)


class PlanStrategy(models.TextChoices):
    STRONGEST = "strongest", _("Strengthen the strongest pillar")
    WEAKEST = "weakest", _("Lift the weakest pillar")
    EFFICIENT = "efficient", _("Best points per minute")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mail logins are case-insensitive: addresses are stored lower-cased.
        return self.get(email__iexact=username or "")


#: Monday to Friday: the weekdays on which tasks are planned unless the user says otherwise.
DEFAULT_WORKING_DAYS = (0, 1, 2, 3, 4)


def default_working_days() -> list[int]:
    return list(DEFAULT_WORKING_DAYS)


# The preferences a user edits themselves (settings page, API, admin).
PREFERENCE_FIELDS = (
    "language",
    "time_zone",
    "reminder_hour",
    "email_reminders",
    *EMAIL_KIND_FIELDS.values(),
    "working_days",
    "weekly_minutes",
    "target_keywords",
    "show_on_leaderboard",
)
SETTINGS_FIELDS = ("first_name", "last_name", *PREFERENCE_FIELDS)
#: Keywords are matched against every connection of an archive import: keep them a list,
#: not a document.
TARGET_KEYWORDS_MAX_LENGTH = 2000


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address: a trainee, a coach or staff."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TRAINEE)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Rome", choices=time_zone_choices
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("reminder hour"),
        default=8,
        validators=[MaxValueValidator(23)],
        help_text=_("Local hour at which reminders are sent (for coaches: on Mondays)."),
    )
    email_reminders = models.BooleanField(
        _("e-mail reminders"),
        default=True,
        help_text=_("Off: reminders appear only among the notifications in the app."),
    )
    email_daily_digest = models.BooleanField(_("e-mail the daily digest"), default=True)
    email_ssi_prompt = models.BooleanField(
        _("e-mail the weekly reminder to record my SSI"), default=True
    )
    email_inactivity = models.BooleanField(_("e-mail a nudge after five quiet days"), default=True)
    email_coach_digest = models.BooleanField(
        _("e-mail the weekly digest of my cohorts"), default=True
    )
    working_days = models.JSONField(
        _("working days"),
        default=default_working_days,
        help_text=_("Weekdays on which tasks are planned (0 = Monday)."),
    )
    weekly_minutes = models.PositiveSmallIntegerField(
        _("weekly time budget (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(1200)],
    )
    target_keywords = models.TextField(
        _("target market keywords"),
        blank=True,
        help_text=_("Industries, companies or keywords of your own target market, one per line."),
    )
    show_on_leaderboard = models.BooleanField(_("show me on the cohort leaderboard"), default=False)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lowercase"),
            models.CheckConstraint(condition=Q(reminder_hour__lte=23), name="user_reminder_hour"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def wants_email(self, kind: str) -> bool:
        """Whether reminders of this kind also go out by e-mail (always in the app)."""
        field = EMAIL_KIND_FIELDS.get(kind)
        return bool(self.email_reminders and field and getattr(self, field))

    @property
    def is_coach(self) -> bool:
        """On the coach's side of the product: a coach, or staff (who see every cohort)."""
        return self.is_staff or self.role == Role.COACH

    @property
    def is_trainee(self) -> bool:
        return self.role == Role.TRAINEE and not self.is_staff


class Cohort(models.Model):
    """A group of trainees coached together, usually from one client company."""

    name = models.CharField(_("name"), max_length=120)
    company = models.CharField(_("client company"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    target_ssi = models.PositiveSmallIntegerField(
        _("target SSI"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    plan_strategy = models.CharField(
        _("default plan strategy"),
        max_length=16,
        choices=PlanStrategy.choices,
        default=PlanStrategy.STRONGEST,
    )
    leaderboard_enabled = models.BooleanField(
        _("leaderboard"),
        default=False,
        help_text=_("Trainees who opt in appear on a leaderboard visible to the cohort."),
    )
    # At-risk rules (see coaching.risk): what makes a trainee "needs attention".
    risk_no_ssi_days = models.PositiveSmallIntegerField(
        _("at risk: days without a recorded SSI"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    risk_drop_points = models.DecimalField(
        _("at risk: SSI drop (points)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(100))],
    )
    risk_drop_days = models.PositiveSmallIntegerField(
        _("at risk: drop measured over (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    risk_low_completion_percent = models.PositiveSmallIntegerField(
        _("at risk: tasks done below (%)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    risk_low_completion_weeks = models.PositiveSmallIntegerField(
        _("at risk: weeks running below that"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    risk_no_login_days = models.PositiveSmallIntegerField(
        _("at risk: days without logging in"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    shared_drop_percent = models.PositiveSmallIntegerField(
        _("shared drop: share of trainees dropping the same day (%)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "When at least this share of the trainees with an SSI on two consecutive days "
            "drop on the second, the day is marked as a likely change on LinkedIn's side."
        ),
    )
    target_industries = models.TextField(_("target industries"), blank=True)
    target_companies = models.TextField(_("target companies"), blank=True)
    target_keywords = models.TextField(_("target keywords"), blank=True)
    coaches = models.ManyToManyField(
        User,
        related_name="coached_cohorts",
        blank=True,
        limit_choices_to={"role": Role.COACH},
        verbose_name=_("coaches"),
    )
    trainees = models.ManyToManyField(
        User,
        through="Membership",
        through_fields=("cohort", "user"),
        related_name="cohorts",
        blank=True,
        verbose_name=_("trainees"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cohort_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(target_ssi__gte=1, target_ssi__lte=100), name="cohort_target_ssi_range"
            ),
            models.CheckConstraint(
                condition=Q(shared_drop_percent__gte=1, shared_drop_percent__lte=100),
                name="cohort_shared_drop_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    risk_low_completion_percent__gte=1, risk_low_completion_percent__lte=100
                ),
                name="cohort_risk_completion_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A trainee in a cohort, with an optional target of their own."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("trainee")
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    target_ssi = models.PositiveSmallIntegerField(
        _("own target SSI"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    target_date = models.DateField(_("own target date"), null=True, blank=True)
    target_set_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target set by"),
    )
    plan_strategy = models.CharField(
        _("plan strategy override"), max_length=16, choices=PlanStrategy.choices, blank=True
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(target_ssi__isnull=True) | Q(target_ssi__gte=1, target_ssi__lte=100),
                name="membership_target_ssi_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cohort}"


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at=None, revoked_at=None)


class Invitation(models.Model):
    """An e-mailed, signed and expiring invitation to join a cohort as a trainee."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("cohort")
    )
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_(
            "The invitation e-mail and the new account use it; empty: the inviter's "
            "language for the e-mail, the invitee's browser for the account."
        ),
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nonce = models.CharField(max_length=64, default=new_invitation_nonce, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email"],
                condition=Q(accepted_at=None, revoked_at=None),
                name="invitation_one_pending_per_cohort_email",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="invitation_email_lowercase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.cohort}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A named API key of its owner. Only a hash of the key is kept: the key itself is
    shown once, when it is made; revoking deletes the row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    scope = models.CharField(
        _("access"), max_length=5, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
