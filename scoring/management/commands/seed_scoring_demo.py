"""Give the demo trainees an SSI history, signals and estimates to look at.

Run after ``seed_demo``. Idempotent: a trainee who already has any snapshot is left
alone, so running it again changes nothing. The numbers are synthetic and
deterministic (seeded by the trainee's e-mail).

The official snapshots follow the trainee's signals, as LinkedIn's do: each one is what
a hidden model (``demo_linkedin_weights``: stingier than the default model, and weighing
the factors differently) gives for that day's signals, plus noise. The default model
therefore runs well above LinkedIn's numbers, and ``manage.py calibrate_model`` visibly
closes the gap on the held-out days.
"""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from accounts.selectors import user_today
from scoring import engine, selectors, services, vocabulary
from scoring.models import (
    Activity,
    ActivityKind,
    ActivitySource,
    SignalSource,
    SnapshotSource,
    SsiSnapshot,
)

DEMO_DOMAIN = "@demo.ssicoach.test"
HISTORY_DAYS = 180
#: Activity reaches back this much further than the snapshots, so that even the oldest
#: snapshot has full 90-day windows behind it.
ACTIVITY_DAYS = HISTORY_DAYS + selectors.WINDOW_LONG
#: The part of each pillar's 25 points the hidden model can give at most.
DEMO_PILLAR_SHARE = {"brand": 0.62, "people": 0.55, "insights": 0.5, "relationships": 0.6}
#: Noise of an official pillar around the hidden model's value (points).
DEMO_NOISE = 0.7
ACTIVITY_KINDS = [
    (ActivityKind.POST, 0.3),
    (ActivityKind.COMMENT, 1.0),
    (ActivityKind.REACTION, 2.0),
    (ActivityKind.SEARCH, 2.5),
    (ActivityKind.CONNECTION, 0.6),
    (ActivityKind.INVITATION_SENT, 0.8),
    (ActivityKind.INVITATION_ACCEPTED, 0.5),
    (ActivityKind.MESSAGE_SENT, 0.7),
    (ActivityKind.SHARE, 0.1),
]


def demo_linkedin_weights() -> dict[str, float]:
    """The hidden model behind the demo's official snapshots (fixed, not a real one)."""
    rng = random.Random("ssi-demo-linkedin")
    weights: dict[str, float] = {}
    for pillar, keys in vocabulary.FACTORS.items():
        raw = [engine.DEFAULT_WEIGHTS[k] * rng.uniform(0.4, 1.6) for k in keys]
        scale = 25 * DEMO_PILLAR_SHARE[pillar] / sum(raw)
        weights.update({k: r * scale for k, r in zip(keys, raw, strict=True)})
    return weights


class Command(BaseCommand):
    help = "Add an SSI history, signals and estimates to the demo trainees (once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    @transaction.atomic
    def handle(self, *args, today: date | None = None, **options) -> None:
        trainees = User.objects.filter(role=Role.TRAINEE, email__endswith=DEMO_DOMAIN).exclude(
            ssi_snapshots__isnull=False
        )
        seeded = []
        days: dict[date, list[User]] = defaultdict(list)
        for trainee in trainees:
            day = today or user_today(trainee)
            rng = random.Random(trainee.email)
            self._signals(trainee, day, rng)
            for snapshot_day in self._snapshot_days(day, rng):
                days[snapshot_day].append(trainee)
            seeded.append(trainee)
        hidden = engine.Model(
            version="demo", weights=demo_linkedin_weights(), targets=engine.DEFAULT_TARGETS
        )
        noise = random.Random("ssi-demo-noise")
        snapshots = []
        for day, users in sorted(days.items()):
            signals = selectors.signals_for_users([u.pk for u in users], day)
            for user in users:
                snapshots.append(
                    self._snapshot(user, day, engine.estimate(signals[user.pk], hidden), noise)
                )
        SsiSnapshot.objects.bulk_create(snapshots)
        # The estimate of every snapshot day (a series to compare) and of today.
        for user in seeded:
            days[today or user_today(user)].append(user)
        for day, users in sorted(days.items()):
            services.estimates_recompute(users=users, today=day)
        if seeded:
            # The snapshots were written in bulk, past the job that keeps the cohorts'
            # daily averages and shared-drop marks: build those once here.
            call_command("cohort_days_recompute", stdout=self.stdout)
        self.stdout.write(f"Scoring demo data for {len(seeded)} trainees.")

    @staticmethod
    def _snapshot_days(today: date, rng: random.Random) -> list[date]:
        return [
            today - timedelta(days=age) for age in range(HISTORY_DAYS, -1, -rng.choice((3, 4, 7)))
        ]

    @staticmethod
    def _snapshot(
        user: User, day: date, hidden: engine.EstimateResult, rng: random.Random
    ) -> SsiSnapshot:
        values = {
            p.key: Decimal(str(round(min(25.0, max(0.0, p.points + rng.gauss(0, DEMO_NOISE))), 6)))
            for p in hidden.pillars
        }
        return SsiSnapshot(
            user=user,
            date=day,
            total=sum(values.values()),
            industry_rank=rng.randint(5, 40),
            network_rank=rng.randint(5, 40),
            industry_average=Decimal(rng.randint(20, 35)),
            network_average=Decimal(rng.randint(20, 40)),
            source=SnapshotSource.TYPED,
            **values,
        )

    def _signals(self, trainee: User, today: date, rng: random.Random) -> None:
        # Activity grows over time (people who follow a plan do more), so the history moves.
        activity = rng.uniform(0.3, 1.5)
        growth = rng.uniform(0.0, 1.5)
        Activity.objects.bulk_create(
            [
                Activity(
                    user=trainee,
                    kind=kind,
                    occurred_on=today - timedelta(days=age),
                    count=max(
                        1,
                        round(
                            rng.expovariate(
                                1 / (rate * activity * (1 + growth * (1 - age / ACTIVITY_DAYS)))
                            )
                        ),
                    ),
                    words=rng.randint(4, 40) if kind == ActivityKind.COMMENT else None,
                    counterpart=f"demo-{rng.randint(1, 20)}"
                    if kind == ActivityKind.MESSAGE_SENT
                    else "",
                    source=ActivitySource.MANUAL,
                )
                for age in range(ACTIVITY_DAYS)
                if age % 7 < 5 and rng.random() < 0.7
                for kind, rate in ACTIVITY_KINDS
                if rng.random() < min(1.0, rate)
            ]
        )
        services.profile_state_update(
            user=trainee,
            source=SignalSource.FORM,
            recompute=False,
            has_photo=True,
            has_banner=rng.random() < 0.6,
            has_headline=rng.random() < 0.8,
            summary_length=rng.choice((0, 180, 420, 900)),
            has_current_position=True,
            past_positions=rng.randint(0, 4),
            has_education=rng.random() < 0.8,
            skills_count=rng.randint(2, 30),
            endorsements_received=rng.randint(0, 80),
            recommendations_received=rng.randint(0, 6),
            has_featured=rng.random() < 0.3,
            certifications=rng.randint(0, 3),
            has_custom_url=rng.random() < 0.5,
            profile_updated_on=today - timedelta(days=rng.randint(5, 200)),
        )
        connections = rng.randint(120, 1400)
        decision_makers = round(connections * rng.uniform(0.05, 0.3))
        services.network_state_update(
            user=trainee,
            source=SignalSource.FORM,
            recompute=False,
            connections=connections,
            decision_makers=decision_makers,
            decision_maker_share=Decimal(str(round(decision_makers / connections, 4))),
            target_market_share=Decimal(str(round(rng.uniform(0.1, 0.6), 4))),
            coworker_connections=rng.randint(5, 60),
            pending_invitations=rng.randint(0, 40),
            companies_followed=rng.randint(0, 15),
        )
