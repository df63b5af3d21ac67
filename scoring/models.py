"""Official SSI snapshots, the signals behind the estimate, the model and the estimates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import engine, vocabulary
from .vocabulary import PILLAR_NAMES

#: LinkedIn introduced the SSI in 2014: an official score dated earlier is a typo (and a
#: year-1 date breaks every date range drawn from it).
EARLIEST_SNAPSHOT_DATE = date(2014, 1, 1)

_pillar_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(25))]
_share_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
_rank_validators = [MinValueValidator(1), MaxValueValidator(100)]
_average_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _pillar_field(name: str) -> models.DecimalField:
    return models.DecimalField(
        PILLAR_NAMES[name], max_digits=9, decimal_places=6, validators=_pillar_validators
    )


def _pillar_checks(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{p}__gte": 0, f"{p}__lte": 25}), name=f"{prefix}_{p}_range"
        )
        for p in vocabulary.PILLARS
    ] + [
        models.CheckConstraint(
            condition=Q(total__gte=0, total__lte=100), name=f"{prefix}_total_range"
        )
    ]


class SnapshotSource(models.TextChoices):
    TYPED = "typed", _("Typed")
    PASTED = "pasted", _("Pasted from LinkedIn")
    API = "api", _("API")


class SsiSnapshot(models.Model):
    """The official SSI as LinkedIn showed it to the member on one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ssi_snapshots",
        verbose_name=_("trainee"),
    )
    date = models.DateField(_("date"))
    brand = _pillar_field("brand")
    people = _pillar_field("people")
    insights = _pillar_field("insights")
    relationships = _pillar_field("relationships")
    total = models.DecimalField(
        _("total"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    industry_rank = models.PositiveSmallIntegerField(
        _("industry SSI rank (top %)"), null=True, blank=True, validators=_rank_validators
    )
    network_rank = models.PositiveSmallIntegerField(
        _("network SSI rank (top %)"), null=True, blank=True, validators=_rank_validators
    )
    industry_average = models.DecimalField(
        _("industry average SSI"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_average_validators,
    )
    network_average = models.DecimalField(
        _("network average SSI"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_average_validators,
    )
    source = models.CharField(
        _("source"), max_length=8, choices=SnapshotSource.choices, default=SnapshotSource.TYPED
    )
    # A coach who compared the entry with the trainee's LinkedIn page; cleared when the
    # numbers change.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SSI snapshot")
        verbose_name_plural = _("SSI snapshots")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="ssisnapshot_one_per_day"),
            *_pillar_checks("ssisnapshot"),
            models.CheckConstraint(
                condition=Q(industry_rank__isnull=True)
                | Q(industry_rank__gte=1, industry_rank__lte=100),
                name="ssisnapshot_industry_rank_range",
            ),
            models.CheckConstraint(
                condition=Q(network_rank__isnull=True)
                | Q(network_rank__gte=1, network_rank__lte=100),
                name="ssisnapshot_network_rank_range",
            ),
            models.CheckConstraint(
                condition=Q(industry_average__isnull=True)
                | Q(industry_average__gte=0, industry_average__lte=100),
                name="ssisnapshot_industry_average_range",
            ),
            models.CheckConstraint(
                condition=Q(network_average__isnull=True)
                | Q(network_average__gte=0, network_average__lte=100),
                name="ssisnapshot_network_average_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date}: {self.total:.2f}"

    def pillar_values(self) -> dict[str, Decimal]:
        return {p: getattr(self, p) for p in vocabulary.PILLARS}


class CohortDay(models.Model):
    """A cohort's official SSI on one day: averages, and whether most trainees dropped.

    Kept by ``scoring.services.cohort_days_recompute`` whenever a snapshot is recorded,
    so that the cohort charts and the shared-drop marks read one row per day instead of
    every trainee's history.
    """

    cohort = models.ForeignKey(
        "accounts.Cohort",
        on_delete=models.CASCADE,
        related_name="ssi_days",
        verbose_name=_("cohort"),
    )
    date = models.DateField(_("date"))
    trainees = models.PositiveIntegerField(_("trainees with an SSI"), default=0)
    total = models.FloatField(_("average SSI"), null=True)
    brand = models.FloatField(null=True)
    people = models.FloatField(null=True)
    insights = models.FloatField(null=True)
    relationships = models.FloatField(null=True)
    compared = models.PositiveIntegerField(_("trainees with an SSI the day before too"), default=0)
    dropped = models.PositiveIntegerField(_("trainees whose SSI dropped"), default=0)
    shared_drop = models.BooleanField(_("likely a change on LinkedIn's side"), default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cohort day")
        verbose_name_plural = _("cohort days")
        ordering = ["cohort", "date"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "date"], name="cohortday_one_per_day"),
            models.CheckConstraint(
                condition=Q(dropped__lte=F("compared")), name="cohortday_dropped_within_compared"
            ),
        ]
        indexes = [
            models.Index(
                fields=["cohort", "date"],
                condition=Q(shared_drop=True),
                name="cohortday_shared_drops",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.date}"


class ActivityKind(models.TextChoices):
    POST = "post", _("Post")
    ARTICLE = "article", _("Article")
    MEDIA = "media", _("Document or media shared")
    COMMENT = "comment", _("Comment")
    REACTION = "reaction", _("Reaction")
    SHARE = "share", _("Reshare with your own commentary")
    REPOST = "repost", _("Repost without commentary")
    POLL_VOTE = "poll_vote", _("Poll vote")
    GROUP_POST = "group_post", _("Group post")
    GROUP_COMMENT = "group_comment", _("Group comment")
    MESSAGE_SENT = "message_sent", _("Message sent")
    MESSAGE_RECEIVED = "message_received", _("Message received")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_RECEIVED = "invitation_received", _("Invitation received")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    CONNECTION = "connection", _("New connection")
    SEARCH = "search", _("People search")
    PROFILE_UPDATE = "profile_update", _("Profile update")
    ENDORSEMENT_GIVEN = "endorsement_given", _("Endorsement given")
    ENDORSEMENT_RECEIVED = "endorsement_received", _("Endorsement received")
    RECOMMENDATION_GIVEN = "recommendation_given", _("Recommendation given")
    RECOMMENDATION_RECEIVED = "recommendation_received", _("Recommendation received")
    COMPANY_FOLLOW = "company_follow", _("Company followed")
    MEMBER_FOLLOW = "member_follow", _("Member followed")
    LEARNING_COMPLETED = "learning_completed", _("Learning course completed")
    LEARNING_WATCHED = "learning_watched", _("Learning course watched")
    HASHTAG_FOLLOW = "hashtag_follow", _("Hashtag followed")
    ITEM_SAVED = "item_saved", _("Post saved")
    EVENT_ATTENDED = "event_attended", _("Event attended")
    LINKEDIN_SESSION = "linkedin_session", _("Time on LinkedIn")
    MEETING = "meeting", _("Meeting booked")
    OPPORTUNITY = "opportunity", _("Opportunity created")


#: The most of one kind anyone does (or receives) in a day; more is a typo, refused with a
#: message. Generous on purpose: LinkedIn's own limits (about 100 invitations a week)
#: are far below most of them.
DAILY_CEILINGS: dict[str, int] = {
    ActivityKind.POST: 20,
    ActivityKind.ARTICLE: 5,
    ActivityKind.MEDIA: 20,
    ActivityKind.COMMENT: 200,
    ActivityKind.REACTION: 500,
    ActivityKind.SHARE: 50,
    ActivityKind.REPOST: 50,
    ActivityKind.POLL_VOTE: 50,
    ActivityKind.GROUP_POST: 20,
    ActivityKind.GROUP_COMMENT: 100,
    ActivityKind.MESSAGE_SENT: 300,
    ActivityKind.MESSAGE_RECEIVED: 500,
    ActivityKind.INVITATION_SENT: 100,
    ActivityKind.INVITATION_RECEIVED: 300,
    ActivityKind.INVITATION_ACCEPTED: 300,
    ActivityKind.CONNECTION: 300,
    ActivityKind.SEARCH: 300,
    ActivityKind.PROFILE_UPDATE: 20,
    ActivityKind.ENDORSEMENT_GIVEN: 100,
    ActivityKind.ENDORSEMENT_RECEIVED: 300,
    ActivityKind.RECOMMENDATION_GIVEN: 10,
    ActivityKind.RECOMMENDATION_RECEIVED: 10,
    ActivityKind.COMPANY_FOLLOW: 100,
    ActivityKind.MEMBER_FOLLOW: 100,
    ActivityKind.LEARNING_COMPLETED: 10,
    ActivityKind.LINKEDIN_SESSION: 24,
    ActivityKind.MEETING: 20,
    ActivityKind.OPPORTUNITY: 20,
}


class ActivitySource(models.TextChoices):
    MANUAL = "manual", _("Logged by hand")
    TASK = "task", _("Completed task")
    IMPORT = "import", _("LinkedIn archive")


class Activity(models.Model):
    """Something the member did (or received) on LinkedIn on a day, counted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("trainee"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("date"))
    count = models.PositiveIntegerField(
        _("how many"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    words = models.PositiveIntegerField(
        _("words"), null=True, blank=True, help_text=_("Words of a comment or post, if known.")
    )
    counterpart = models.CharField(
        max_length=64, blank=True, help_text=_("A stable hash of the other person, if any.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=ActivitySource.choices, default=ActivitySource.MANUAL
    )
    external_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["user", "occurred_on"], name="activity_user_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "external_key"],
                condition=~Q(external_key=""),
                name="activity_unique_external_key",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="activity_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} x{self.count} ({self.occurred_on})"


class SignalSource(models.TextChoices):
    FORM = "form", _("Form")
    IMPORT = "import", _("LinkedIn archive")
    API = "api", _("API")


def _at_most(instance: models.Model, limits: dict[str, int]) -> None:
    """Refuse counts beyond what any LinkedIn profile holds (a typo, or a forged request).

    Checked in ``clean`` so that the form, the API (through the services' ``full_clean``)
    and the archive import share one set of limits.
    """
    errors = {}
    for name, limit in limits.items():
        value = getattr(instance, name)
        if isinstance(value, int) and value > limit:
            try:
                MaxValueValidator(limit)(value)
            except ValidationError as error:
                errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


class ProfileState(models.Model):
    """The latest known completeness facts of the member's LinkedIn profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_state",
        verbose_name=_("trainee"),
    )
    has_photo = models.BooleanField(_("profile photo"), default=False)
    has_banner = models.BooleanField(_("background banner"), default=False)
    has_headline = models.BooleanField(_("headline beyond the job title"), default=False)
    summary_length = models.PositiveIntegerField(
        _("summary length (characters)"), default=0, validators=[MaxValueValidator(100_000)]
    )
    has_current_position = models.BooleanField(_("current position"), default=False)
    past_positions = models.PositiveSmallIntegerField(_("past positions"), default=0)
    has_education = models.BooleanField(_("education"), default=False)
    skills_count = models.PositiveSmallIntegerField(_("skills"), default=0)
    endorsements_received = models.PositiveIntegerField(_("endorsements received"), default=0)
    recommendations_received = models.PositiveIntegerField(_("recommendations received"), default=0)
    has_featured = models.BooleanField(_("featured items"), default=False)
    certifications = models.PositiveSmallIntegerField(_("certifications"), default=0)
    has_custom_url = models.BooleanField(_("custom profile URL"), default=False)
    profile_updated_on = models.DateField(_("last profile update"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=SignalSource.choices, default=SignalSource.FORM
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile checklist")
        verbose_name_plural = _("profile checklists")

    COUNT_LIMITS = {
        "past_positions": 1_000,
        "skills_count": 1_000,
        "endorsements_received": 1_000_000,
        "recommendations_received": 100_000,
        "certifications": 1_000,
    }

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        _at_most(self, self.COUNT_LIMITS)

    def completeness(self) -> float:
        return engine.profile_completeness(
            has_photo=self.has_photo,
            has_banner=self.has_banner,
            has_headline=self.has_headline,
            summary_length=self.summary_length,
            has_current_position=self.has_current_position,
            past_positions=self.past_positions,
            has_education=self.has_education,
            skills_count=self.skills_count,
            certifications=self.certifications,
            has_featured=self.has_featured,
            has_custom_url=self.has_custom_url,
        )


class NetworkState(models.Model):
    """The latest known facts about the member's network."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_state",
        verbose_name=_("trainee"),
    )
    connections = models.PositiveIntegerField(
        _("connections"), default=0, validators=[MaxValueValidator(100_000)]
    )
    decision_makers = models.PositiveIntegerField(_("decision-maker connections"), default=0)
    decision_maker_share = models.DecimalField(
        _("share of decision makers"),
        max_digits=5,
        decimal_places=4,
        default=Decimal(0),
        validators=_share_validators,
    )
    target_market_share = models.DecimalField(
        _("share in your target market"),
        max_digits=5,
        decimal_places=4,
        default=Decimal(0),
        validators=_share_validators,
    )
    coworker_connections = models.PositiveIntegerField(_("connections at your company"), default=0)
    pending_invitations = models.PositiveIntegerField(_("pending invitations sent"), default=0)
    acceptance_rate = models.DecimalField(
        _("acceptance rate of invitations sent"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=_share_validators,
    )
    companies_followed = models.PositiveIntegerField(_("companies followed"), default=0)
    source = models.CharField(
        _("source"), max_length=8, choices=SignalSource.choices, default=SignalSource.FORM
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network facts")
        verbose_name_plural = _("network facts")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_maker_share__gte=0, decision_maker_share__lte=1),
                name="networkstate_dm_share_range",
            ),
            models.CheckConstraint(
                condition=Q(target_market_share__gte=0, target_market_share__lte=1),
                name="networkstate_target_share_range",
            ),
            models.CheckConstraint(
                condition=Q(acceptance_rate__isnull=True)
                | Q(acceptance_rate__gte=0, acceptance_rate__lte=1),
                name="networkstate_acceptance_range",
            ),
            models.CheckConstraint(
                condition=Q(decision_makers__lte=F("connections")) | Q(connections=0),
                name="networkstate_dm_within_connections",
            ),
        ]

    # As many as the connections may be (100,000 at most).
    COUNT_LIMITS = {
        "decision_makers": 100_000,
        "coworker_connections": 100_000,
        "pending_invitations": 100_000,
        "companies_followed": 100_000,
    }

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        _at_most(self, self.COUNT_LIMITS)


class ScoringModel(models.Model):
    """A version of the estimation model's weights and targets.

    The latest version is the one in use. A version that already has estimates is
    never changed in place (``scoring.services.scoring_model_save`` stores a new one),
    so an estimate always says which numbers produced it.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    weights = models.JSONField(_("weights"), help_text=_("Points per factor; 25 per pillar."))
    targets = models.JSONField(
        _("targets"), help_text=_("The value that earns a factor's full weight.")
    )
    notes = models.TextField(_("reason for this version"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="scoringmodel_version")
        ]

    def __str__(self) -> str:
        return _("Scoring model v%(version)s") % {"version": self.version}

    def clean(self) -> None:
        errors = engine.validate_model(self.weights or {}, self.targets or {})
        if errors:
            raise ValidationError(errors)

    def as_engine_model(self) -> engine.Model:
        return engine.Model(
            version=str(self.version),
            weights={k: float(v) for k, v in self.weights.items()},
            targets={k: float(v) for k, v in self.targets.items()},
        )


class Estimate(models.Model):
    """The engine's estimate for a user on a day under one model version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ssi_estimates",
        verbose_name=_("trainee"),
    )
    date = models.DateField(_("date"))
    model = models.ForeignKey(
        ScoringModel, on_delete=models.PROTECT, related_name="estimates", verbose_name=_("model")
    )
    brand = _pillar_field("brand")
    people = _pillar_field("people")
    insights = _pillar_field("insights")
    relationships = _pillar_field("relationships")
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=6)
    explanation = models.JSONField(_("explanation"))
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")
        # the one order of estimates (``selectors.ESTIMATE_ORDER``): the newest day, under
        # the newest model version
        ordering = ["-date", "-model__version"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date", "model"], name="estimate_one_per_day_and_model"
            ),
            *_pillar_checks("estimate"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date}: {self.total:.2f} (v{self.model_id})"

    def result(self) -> engine.EstimateResult:
        """The explained estimate: every factor's value, target, weight and points.

        Stored are the signals of the day (``{"signals": [...]}``, in the order of
        ``vocabulary.FACTOR_KEYS``: a change of the factors rewrites them); the factors
        follow from them under this estimate's model version (never changed once it
        has estimates) by the same engine that computed the pillars. Estimates stored
        before that keep their whole explanation, and it is read as it is.
        """
        if "pillars" in self.explanation:
            return engine.result_from_json(self.explanation)
        values = self.explanation["signals"]
        signals = engine.Signals(**dict(zip(vocabulary.FACTOR_KEYS, values, strict=True)))
        return engine.estimate(signals, self.model.as_engine_model())


# --- LinkedIn archive import (scoring.archive) ------------------------------------------------


def archive_upload_path(instance: ArchiveImport, filename: str) -> str:
    """Uploads are stored under a random name: nothing the user sent becomes a path."""
    import uuid

    return f"archive-imports/{uuid.uuid4().hex}.upload"


def archive_import_lease() -> timedelta:
    """How long a claimed import belongs to its attempt: the task's hard time limit."""
    return timedelta(seconds=settings.ARCHIVE_IMPORT_TIME_LIMIT)


class ArchiveImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Reading the archive")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ArchiveImport(models.Model):
    """One uploaded LinkedIn archive: its progress, what each file gave, and any error.

    The upload itself is deleted as soon as it has been read (and by housekeeping if an
    import dies); warnings and the error are stored as codes with parameters so that each
    reader sees them in their own language.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="archive_imports",
        verbose_name=_("trainee"),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ArchiveImportStatus.choices,
        default=ArchiveImportStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("upload"), upload_to=archive_upload_path, blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    files = models.JSONField(_("files read"), default=list, blank=True)
    counts = models.JSONField(_("activities by kind"), default=dict, blank=True)
    facts = models.JSONField(
        _("profile and network facts"),
        default=dict,
        blank=True,
        help_text=_("What this archive said about the profile and the network."),
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error = models.JSONField(_("error"), default=dict, blank=True)
    activities_added = models.PositiveIntegerField(_("new activities"), default=0)
    reference_date = models.DateField(_("export date"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The lease of the attempt now running: it holds until claimed_at plus the task's
    # time limit; after that the worker is dead (Celery would have killed the task) and
    # the import may be claimed again. ``attempts`` also fences a late writer: an
    # attempt stores its result only while the row still carries its number.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="archiveimport_progress_range"
            ),
            # One import at a time per trainee: two would race on the same facts.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["queued", "running"]),
                name="archiveimport_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.original_name} ({self.status})"

    #: The statuses of an import that has not ended yet.
    ACTIVE = (ArchiveImportStatus.QUEUED, ArchiveImportStatus.RUNNING)

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    def lease_over(self, now: datetime) -> bool:
        """Running, but its worker has been gone longer than the task may run."""
        if self.status != ArchiveImportStatus.RUNNING:
            return False
        since = self.claimed_at or self.started_at
        return since is None or since + archive_import_lease() <= now
