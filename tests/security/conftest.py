"""A trainee with one of everything, and the actors who may or may not reach it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from coaching import services as coaching_services
from coaching.models import CoachNote, NoteVisibility, Outcome, Plan, Task
from scoring import services as scoring_services
from scoring.models import Activity, ArchiveImport, Estimate, SsiSnapshot
from tests.scoring.factories import ActivityFactory, SnapshotFactory


@dataclass
class World:
    """Everything of ``trainee`` that someone might try to reach by its id."""

    snapshot: SsiSnapshot
    activity: Activity
    estimate: Estimate
    plan: Plan
    task: Task
    done_task: Task
    private_note: CoachNote
    shared_note: CoachNote
    archive_import: ArchiveImport
    outcome: Outcome


# A Wednesday, so that this week's plan has tasks due today and later.
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(trainee, coach, cohort) -> World:
    today = TODAY
    snapshot = SnapshotFactory(user=trainee, date=today)
    activity = ActivityFactory(user=trainee, occurred_on=today, note="my own words")
    (estimate,) = scoring_services.estimates_recompute(users=[trainee], today=today)
    plan = coaching_services.plan_generate(user=trainee, today=today)
    task = plan.tasks.filter(is_habit=False).order_by("pk").first()
    done_task = plan.tasks.filter(is_habit=True, due_date=today).get()
    done_task = coaching_services.task_complete(task=done_task, actor=trainee, today=today)
    private_note = coaching_services.note_create(
        author=coach, trainee=trainee, body="PRIVATE-coach-only", visibility=NoteVisibility.PRIVATE
    )
    shared_note = coaching_services.note_create(
        author=coach, trainee=trainee, body="SHARED-with-trainee", visibility=NoteVisibility.SHARED
    )
    archive_import = ArchiveImport.objects.create(user=trainee, original_name="archive.zip")
    outcome = coaching_services.outcome_record(
        user=trainee,
        week_start=plan.week_start,
        meetings_booked=1,
        opportunities_created=2,
        deals_won=3,
    )
    return World(
        snapshot,
        activity,
        estimate,
        plan,
        task,
        done_task,
        private_note,
        shared_note,
        archive_import,
        outcome,
    )


ACTORS = ["trainee", "other_trainee", "coach", "other_coach", "staff", "anonymous"]


@pytest.fixture
def as_actor(request, client, db):
    """A test client logged in as the named actor (``anonymous``: not logged in)."""

    def login(name: str, *, csrf: bool = False) -> Client:
        web = Client(enforce_csrf_checks=True) if csrf else client
        if name != "anonymous":
            web.force_login(
                request.getfixturevalue(name), backend="django.contrib.auth.backends.ModelBackend"
            )
        return web

    return login
