"""Snapshots, signals, the scoring model and estimates against the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.selectors import user_today
from scoring import engine, services
from scoring.models import (
    Activity,
    ActivityKind,
    Estimate,
    NetworkState,
    ScoringModel,
    SsiSnapshot,
)
from scoring.selectors import current_scoring_model, signals_for_users
from tests.factories import UserFactory
from tests.scoring.factories import ActivityFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

PILLARS = dict(
    brand=Decimal("13.118002"),
    people=Decimal("10.5"),
    insights=Decimal("9.25"),
    relationships=Decimal("12"),
)


def test_default_model_version_1_is_created_by_the_migration():
    model = ScoringModel.objects.get(version=1)
    assert model.weights == engine.DEFAULT_WEIGHTS
    assert model.targets == engine.DEFAULT_TARGETS
    model.full_clean()
    assert current_scoring_model() == model


def test_scoring_model_clean_refuses_bad_weights_and_targets():
    model = ScoringModel(
        version=2,
        weights=dict(engine.DEFAULT_WEIGHTS, posts_28d=9),
        targets=dict(engine.DEFAULT_TARGETS, comments_28d=0),
    )
    with pytest.raises(ValidationError) as error:
        model.full_clean()
    text = str(error.value)
    assert "brand sum to 28" in text
    assert "comments_28d" in text


def test_snapshot_record_computes_total_and_replaces_same_day_only_when_asked(trainee, today):
    first = services.snapshot_record(user=trainee, date=today, **PILLARS)
    assert first.total == Decimal("44.868002")
    with pytest.raises(services.SnapshotDayTaken, match=r"SSI of 44\.87 .* with 45\.75\?"):
        services.snapshot_record(user=trainee, date=today, **(PILLARS | {"brand": Decimal("14")}))
    first.refresh_from_db()
    assert first.brand == PILLARS["brand"]  # nothing changed
    second = services.snapshot_record(
        user=trainee,
        date=today,
        **(PILLARS | {"brand": Decimal("14")}),
        industry_rank=5,
        replace=True,
    )
    assert second.pk == first.pk
    assert SsiSnapshot.objects.filter(user=trainee).count() == 1
    second.refresh_from_db()
    assert second.brand == Decimal("14") and second.industry_rank == 5


def test_snapshot_record_refuses_typed_total_far_from_pillar_sum(trainee, today):
    services.snapshot_record(user=trainee, date=today, total=Decimal("45"), **PILLARS)  # 0.13 off
    with pytest.raises(ValidationError, match=r"add up to 44\.87, but you typed a total of 47\.00"):
        services.snapshot_record(user=trainee, date=today, total=Decimal("47"), **PILLARS)


def test_snapshot_record_refuses_pillar_out_of_range(trainee, today):
    with pytest.raises(ValidationError):
        services.snapshot_record(
            user=trainee, date=today, **(PILLARS | {"people": Decimal("25.5")})
        )
    assert not SsiSnapshot.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("brand", Decimal("26")),
        ("people", Decimal("-1")),
        ("industry_rank", 0),
        ("network_rank", 101),
    ],
)
def test_database_constraints_hold_without_validation(trainee, today, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        SnapshotFactory(user=trainee, date=today, **{field: value})


def test_one_snapshot_per_user_per_day_is_a_database_constraint(trainee, today):
    SnapshotFactory(user=trainee, date=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        SnapshotFactory(user=trainee, date=today)


def test_snapshot_update_to_another_day_replaces_that_days_entry_only_when_asked(trainee, today):
    a = services.snapshot_record(user=trainee, date=today, **PILLARS)
    services.snapshot_record(user=trainee, date=today - timedelta(days=1), **PILLARS)
    with pytest.raises(services.SnapshotDayTaken):
        services.snapshot_update(snapshot=a, date=today - timedelta(days=1), brand=Decimal(1))
    assert SsiSnapshot.objects.filter(user=trainee).count() == 2  # nothing deleted
    a.refresh_from_db()
    assert a.date == today and a.brand == PILLARS["brand"]
    moved = services.snapshot_update(
        snapshot=a, date=today - timedelta(days=1), brand=Decimal(1), replace=True
    )
    assert SsiSnapshot.objects.filter(user=trainee).count() == 1
    assert moved.date == today - timedelta(days=1) and moved.brand == Decimal(1)


def test_activity_external_key_is_unique_per_user(trainee, other_trainee, today):
    ActivityFactory(user=trainee, external_key="share:1")
    ActivityFactory(user=other_trainee, external_key="share:1")
    ActivityFactory(user=trainee, external_key="")
    ActivityFactory(user=trainee, external_key="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(user=trainee, external_key="share:1")


def test_signals_use_28_and_90_day_windows_ending_today(trainee, today):
    def log(kind, days_ago, count=1, **extra):
        ActivityFactory(
            user=trainee,
            kind=kind,
            occurred_on=today - timedelta(days=days_ago),
            count=count,
            **extra,
        )

    log(ActivityKind.POST, 0, 2)
    log(ActivityKind.POST, 27, 3)  # last day of the 28-day window
    log(ActivityKind.POST, 28, 50)  # outside
    log(ActivityKind.POST, -1, 50)  # tomorrow: outside
    log(ActivityKind.ARTICLE, 89)
    log(ActivityKind.ARTICLE, 90)  # outside
    log(ActivityKind.COMMENT, 1, words=10)
    log(ActivityKind.COMMENT, 40, words=20)
    log(ActivityKind.CONNECTION, 60, 7)
    log(ActivityKind.INVITATION_SENT, 10, 10)
    log(ActivityKind.INVITATION_ACCEPTED, 5, 4)
    log(ActivityKind.MESSAGE_SENT, 3, counterpart="a")
    log(ActivityKind.MESSAGE_RECEIVED, 4, counterpart="a")
    log(ActivityKind.MESSAGE_SENT, 3, counterpart="b")  # one way only
    log(ActivityKind.MEETING, 2)  # offline: not a day active on LinkedIn
    signals = signals_for_users([trainee.pk], today)[trainee.pk]
    assert signals.posts_28d == 5
    assert signals.articles_90d == 1
    assert signals.comments_28d == 1
    assert signals.words_per_comment_90d == 15
    assert signals.new_connections_90d == 7
    assert signals.acceptance_rate == pytest.approx(0.4)
    assert signals.conversations_90d == 1
    assert signals.messages_sent_28d == 2
    # days with own activity: 0, 27, 1, 10, 3 (message sent) -> 5 (received, meeting excluded)
    assert signals.days_active_28d == 5


def test_signals_read_profile_and_network_facts(trainee, today):
    services.profile_state_update(
        user=trainee,
        has_photo=True,
        has_headline=True,
        summary_length=400,
        endorsements_received=12,
        profile_updated_on=today - timedelta(days=30),
    )
    services.network_state_update(
        user=trainee,
        connections=400,
        decision_maker_share=Decimal("0.25"),
        acceptance_rate=Decimal("0.6"),
        coworker_connections=9,
    )
    signals = signals_for_users([trainee.pk], today)[trainee.pk]
    assert signals.profile_completeness == pytest.approx(3 / 11)
    assert signals.endorsements_received == 12
    assert signals.profile_updated_90d == 1
    assert signals.connections == 400
    assert signals.decision_maker_connections == 100  # 25% of 400 when no count is known
    assert signals.acceptance_rate == pytest.approx(0.6)
    assert signals.coworker_connections == 9
    assert (
        signals_for_users([trainee.pk], today + timedelta(days=61))[trainee.pk].profile_updated_90d
        == 0
    )


def test_network_state_validation(trainee):
    with pytest.raises(ValidationError):
        services.network_state_update(user=trainee, decision_maker_share=Decimal("1.5"))
    with pytest.raises(ValueError, match="Unknown fields"):
        services.network_state_update(user=trainee, followers=3)
    assert not NetworkState.objects.exists()


def test_estimates_recompute_constant_queries_and_upsert(django_assert_num_queries, today):
    users = UserFactory.create_batch(6)
    for i, user in enumerate(users):
        ActivityFactory(user=user, kind=ActivityKind.POST, occurred_on=today, count=i + 1)
    model = current_scoring_model()
    # one transaction (savepoint and release in the test's) around: on PostgreSQL the
    # temporary table, the signals (one query), the COPY and one upsert; elsewhere the
    # signals (one aggregate, profiles, networks) and one upsert; then the hooks of
    # SCORE_CHANGE_HOOKS: one UPDATE of the cohort dashboard's stored rows
    expected = 7
    with django_assert_num_queries(expected):
        services.estimates_recompute(users=users[:2], today=today, model=model)
    with django_assert_num_queries(expected):
        services.estimates_recompute(users=users, today=today, model=model)
    assert Estimate.objects.count() == 6
    services.estimates_recompute(users=users, today=today)  # idempotent
    assert Estimate.objects.count() == 6
    last = Estimate.objects.get(user=users[-1])
    expected = engine.estimate(engine.Signals(posts_28d=6))
    assert last.brand == Decimal(str(expected.pillar("brand").points)).quantize(Decimal("0.000001"))
    assert last.result().factor("posts_28d").value == 6


def test_changing_the_model_never_rewrites_old_estimates(trainee, today):
    ActivityFactory(user=trainee, kind=ActivityKind.POST, occurred_on=today, count=6)
    v1 = current_scoring_model()
    services.estimates_recompute(users=[trainee], today=today)
    old = Estimate.objects.get(user=trainee, model=v1)
    weights = dict(v1.weights, posts_28d=4, media_90d=3)
    v2 = services.scoring_model_save(model=v1, weights=weights, targets=v1.targets, notes="why")
    assert v2.pk != v1.pk and v2.version == 2
    v1.refresh_from_db()
    assert v1.weights["posts_28d"] == 6  # unchanged
    assert current_scoring_model() == v2
    services.estimates_recompute(users=[trainee], today=today)
    new = Estimate.objects.get(user=trainee, model=v2)
    old_again = Estimate.objects.get(pk=old.pk)
    assert old_again.brand == old.brand and old_again.explanation == old.explanation
    assert new.brand < old.brand


def test_model_without_estimates_is_edited_in_place():
    v1 = current_scoring_model()
    saved = services.scoring_model_save(model=v1, weights=v1.weights, targets=v1.targets, notes="n")
    assert saved.pk == v1.pk


def test_signal_change_enqueues_recompute_after_commit(trainee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.activity_log(
            user=trainee, kind=ActivityKind.COMMENT, occurred_on=date.today(), count=3
        )
    assert len(callbacks) == 1
    estimate = Estimate.objects.get(user=trainee)
    assert estimate.result().factor("comments_28d").value == 3
    assert estimate.date == user_today(trainee)


def test_nothing_is_enqueued_when_the_transaction_rolls_back(
    trainee, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.activity_log(user=trainee, kind="post", occurred_on=date.today())
        raise RuntimeError
    assert callbacks == []
    assert not Activity.objects.exists()


def test_recompute_task_estimates_each_users_own_today(time_machine):
    from scoring.tasks import estimates_recompute_task

    # 23:30 in London is already the next day in Tokyo.
    time_machine.move_to("2026-03-16T23:30:00+00:00", tick=False)
    london = UserFactory(time_zone="Europe/London")
    tokyo = UserFactory(time_zone="Asia/Tokyo")
    assert estimates_recompute_task([london.pk, tokyo.pk, 999_999]) == 2
    assert Estimate.objects.get(user=london).date == date(2026, 3, 16)
    assert Estimate.objects.get(user=tokyo).date == date(2026, 3, 17)
    assert estimates_recompute_task([london.pk], "2026-01-05") == 1
    assert Estimate.objects.filter(user=london, date=date(2026, 1, 5)).exists()


def test_explanation_values_follow_the_language():
    from django.utils import translation

    from scoring.explain import format_value

    with translation.override("it"):
        assert format_value("words_per_comment_90d", 12.25) == "12,2"
        assert format_value("profile_updated_90d", 1) == "sì"
    assert format_value("words_per_comment_90d", 12.0) == "12"
    assert format_value("acceptance_rate", 0.456) == "46%"


def test_recompute_command_covers_active_trainees_in_chunks(trainee, other_trainee, coach):
    from io import StringIO

    from django.core.management import call_command

    UserFactory(is_active=False)
    out = StringIO()
    call_command("recompute_estimates", "--date", "2026-03-16", "--chunk", "1", stdout=out)
    assert "Recomputed 2 estimates." in out.getvalue()
    assert set(Estimate.objects.values_list("user_id", flat=True)) == {trainee.pk, other_trainee.pk}
    call_command("recompute_estimates", "--date", "2026-03-16", stdout=StringIO())
    assert Estimate.objects.count() == 2  # re-running changes nothing


def test_seed_scoring_demo_is_idempotent(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    demo = UserFactory(email="tina@demo.ssicoach.test")
    UserFactory(email="someone@example.com")
    out = StringIO()
    call_command("seed_scoring_demo", "--today", "2026-03-16", stdout=out)
    assert "for 1 trainees" in out.getvalue()
    count = SsiSnapshot.objects.filter(user=demo).count()
    assert count > 20 and SsiSnapshot.objects.count() == count
    estimate = Estimate.objects.get(user=demo, date=date(2026, 3, 16))
    assert 0 < estimate.total < 100
    call_command("seed_scoring_demo", "--today", "2026-03-16", stdout=StringIO())
    assert SsiSnapshot.objects.count() == count


def test_activity_log_with_a_key_records_once_and_delete_by_key(trainee, today):
    from scoring.models import Activity, ActivitySource

    first = services.activity_log(
        user=trainee,
        kind="post",
        occurred_on=today,
        source=ActivitySource.TASK,
        external_key="task:1",
        recompute=False,
    )
    again = services.activity_log(
        user=trainee,
        kind="post",
        occurred_on=today,
        source=ActivitySource.TASK,
        external_key="task:1",
        recompute=False,
    )
    assert again.pk == first.pk
    assert Activity.objects.filter(user=trainee).count() == 1
    removed = services.activity_delete_by_key(
        user=trainee, external_key="task:1", source=ActivitySource.MANUAL
    )
    assert removed == 0  # the source must match too
    assert (
        services.activity_delete_by_key(
            user=trainee, external_key="task:1", source=ActivitySource.TASK
        )
        == 1
    )
