"""Load a small demo data set: staff, two coaches, two cohorts, a dozen trainees.

Idempotent: running it again changes nothing and creates no duplicates.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Cohort, Language, Membership, PlanStrategy, Role, User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published demo logins, see README

STAFF = ("admin@demo.ssicoach.test", "Ada", "Admin")
COACHES = [
    ("coach.alice@demo.ssicoach.test", "Alice", "Rossi", Language.ENGLISH),
    ("coach.bruno@demo.ssicoach.test", "Bruno", "Bianchi", Language.ITALIAN),
]
TRAINEES = {
    "Acme Sales Q1": [
        ("trainee@demo.ssicoach.test", "Tina", "Trainee"),
        ("marco.verdi@demo.ssicoach.test", "Marco", "Verdi"),
        ("sara.neri@demo.ssicoach.test", "Sara", "Neri"),
        ("luca.galli@demo.ssicoach.test", "Luca", "Galli"),
        ("emma.costa@demo.ssicoach.test", "Emma", "Costa"),
        ("paolo.fontana@demo.ssicoach.test", "Paolo", "Fontana"),
    ],
    "Brixia Tech Growth": [
        ("giulia.ricci@demo.ssicoach.test", "Giulia", "Ricci"),
        ("davide.moretti@demo.ssicoach.test", "Davide", "Moretti"),
        ("chiara.barbieri@demo.ssicoach.test", "Chiara", "Barbieri"),
        ("andrea.lombardi@demo.ssicoach.test", "Andrea", "Lombardi"),
        ("elena.conti@demo.ssicoach.test", "Elena", "Conti"),
        ("fabio.marino@demo.ssicoach.test", "Fabio", "Marino"),
    ],
}


class Command(BaseCommand):
    help = "Create (once) a demo staff user, two coaches, two cohorts and a dozen trainees."

    def _user(self, email: str, first: str, last: str, **extra) -> tuple[User, bool]:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, **extra}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user, created

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        created = 0
        _staff, new = self._user(*STAFF, is_staff=True, is_superuser=True, role=Role.COACH)
        created += new
        coaches = []
        for email, first, last, language in COACHES:
            coach, new = self._user(email, first, last, role=Role.COACH, language=language)
            coaches.append(coach)
            created += new
        today = timezone.localdate()
        specs = [
            ("Acme Sales Q1", "Acme S.p.A.", coaches[0], PlanStrategy.STRONGEST, True),
            ("Brixia Tech Growth", "Brixia Tech S.r.l.", coaches[1], PlanStrategy.WEAKEST, False),
        ]
        for name, company, coach, strategy, leaderboard in specs:
            cohort, _ = Cohort.objects.get_or_create(
                name=name,
                defaults={
                    "company": company,
                    "start_date": today - timedelta(days=30),
                    "end_date": today + timedelta(days=60),
                    "target_ssi": 70,
                    "plan_strategy": strategy,
                    "leaderboard_enabled": leaderboard,
                    "target_industries": "Software Development\nIT Services and IT Consulting",
                    "target_keywords": "CRM\nsales\nautomation",
                },
            )
            cohort.coaches.add(coach)
            for email, first, last in TRAINEES[name]:
                trainee, new = self._user(email, first, last, role=Role.TRAINEE)
                created += new
                Membership.objects.get_or_create(user=trainee, cohort=cohort)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new users)."))
        self.stdout.write(f"  staff:    {STAFF[0]}")
        for (email, *_rest), (cohort_name, *_spec) in zip(COACHES, specs, strict=True):
            self.stdout.write(f"  coach:    {email} ({cohort_name})")
        for cohort_name, people in TRAINEES.items():
            for email, *_rest in people:
                self.stdout.write(f"  trainee:  {email} ({cohort_name})")
        self.stdout.write(f"  password: {DEMO_PASSWORD} (every demo account)")
