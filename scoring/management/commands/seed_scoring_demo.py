"""Give the demo trainees an SSI history, signals and estimates to look at.

Run after ``seed_demo``. Idempotent: a trainee who already has any snapshot is left
alone, so running it again changes nothing. The numbers are synthetic and
deterministic (seeded by the trainee's e-mail).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from scoring import engine, services
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
        for trainee in trainees:
            day = today or services.user_today(trainee)
            self._seed(trainee, day, random.Random(trainee.email))
            seeded.append(trainee)
        for day in {today} if today else {services.user_today(t) for t in seeded}:
            services.estimates_recompute(users=seeded, today=day)
        self.stdout.write(f"Scoring demo data for {len(seeded)} trainees.")

    def _seed(self, trainee: User, today: date, rng: random.Random) -> None:
        start = [rng.uniform(4, 12) for _ in engine.PILLARS]
        growth = [rng.uniform(0.0, 0.04) for _ in engine.PILLARS]
        snapshots = []
        for age in range(HISTORY_DAYS, -1, -rng.choice((3, 4, 7))):
            values = {
                pillar: Decimal(
                    str(round(min(25, max(0, s + g * (HISTORY_DAYS - age) + rng.gauss(0, 0.4))), 6))
                )
                for pillar, s, g in zip(engine.PILLARS, start, growth, strict=True)
            }
            snapshots.append(
                SsiSnapshot(
                    user=trainee,
                    date=today - timedelta(days=age),
                    total=sum(values.values()),
                    industry_rank=rng.randint(5, 40),
                    network_rank=rng.randint(5, 40),
                    industry_average=Decimal(rng.randint(20, 35)),
                    network_average=Decimal(rng.randint(20, 40)),
                    source=SnapshotSource.TYPED,
                    **values,
                )
            )
        SsiSnapshot.objects.bulk_create(snapshots)
        activity = rng.uniform(0.3, 1.5)
        Activity.objects.bulk_create(
            [
                Activity(
                    user=trainee,
                    kind=kind,
                    occurred_on=today - timedelta(days=age),
                    count=max(1, round(rng.expovariate(1 / (rate * activity)))),
                    words=rng.randint(4, 40) if kind == ActivityKind.COMMENT else None,
                    counterpart=f"demo-{rng.randint(1, 20)}"
                    if kind == ActivityKind.MESSAGE_SENT
                    else "",
                    source=ActivitySource.MANUAL,
                )
                for age in range(90)
                if age % 7 < 5 and rng.random() < 0.7
                for kind, rate in ACTIVITY_KINDS
                if rng.random() < min(1.0, rate)
            ]
        )
        services.profile_state_update(
            user=trainee,
            source=SignalSource.FORM,
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
        services.network_state_update(
            user=trainee,
            source=SignalSource.FORM,
            connections=connections,
            decision_makers=round(connections * rng.uniform(0.05, 0.3)),
            decision_maker_share=Decimal(str(round(rng.uniform(0.05, 0.3), 4))),
            target_market_share=Decimal(str(round(rng.uniform(0.1, 0.6), 4))),
            coworker_connections=rng.randint(5, 60),
            pending_invitations=rng.randint(0, 40),
            companies_followed=rng.randint(0, 15),
        )
