"""The set-based recompute against the engine run one trainee at a time.

A random population (every kind of activity, inside and outside the windows, messages
both ways, profiles and network facts or none) is estimated by the nightly path (one
signals query for the chunk, the engine over arrays, COPY and upsert on PostgreSQL);
each trainee is then estimated alone, from ``signals_for_users`` and ``engine.estimate``.
Both must give the same floats, the same stored numbers and the same explanation.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from scoring import engine, services, vocabulary
from scoring.models import (
    Activity,
    ActivityKind,
    Estimate,
    NetworkState,
    ProfileState,
    ScoringModel,
)
from scoring.selectors import current_scoring_model, signal_matrix, signals_for_users
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)
SIX = Decimal("0.000001")
TALK = (ActivityKind.MESSAGE_SENT, ActivityKind.MESSAGE_RECEIVED)


def populate(rng: random.Random, size: int) -> list[int]:
    users = UserFactory.create_batch(size)
    activities = []
    for user in users:
        for _ in range(rng.randrange(0, 40)):
            kind = rng.choice(ActivityKind.values)
            activities.append(
                Activity(
                    user=user,
                    kind=kind,
                    # Some before the 90 days and some after today: neither counts.
                    occurred_on=TODAY - timedelta(days=rng.randrange(-3, 100)),
                    count=rng.randint(1, 7),
                    words=rng.choice([None, rng.randint(0, 80)]),
                    counterpart=rng.choice(["", "a", "b", "c", "d"]) if kind in TALK else "",
                )
            )
        if rng.random() < 0.8:
            ProfileState.objects.create(
                user=user,
                has_photo=rng.random() < 0.5,
                has_banner=rng.random() < 0.5,
                has_headline=rng.random() < 0.5,
                summary_length=rng.choice([0, 299, 300, 1200]),
                has_current_position=rng.random() < 0.5,
                past_positions=rng.randint(0, 3),
                has_education=rng.random() < 0.5,
                skills_count=rng.randint(0, 9),
                endorsements_received=rng.randint(0, 90),
                recommendations_received=rng.randint(0, 7),
                has_featured=rng.random() < 0.5,
                certifications=rng.randint(0, 2),
                has_custom_url=rng.random() < 0.5,
                profile_updated_on=rng.choice([None, TODAY - timedelta(rng.randrange(0, 200))]),
            )
        if rng.random() < 0.8:
            connections = rng.randint(0, 3000)
            NetworkState.objects.create(
                user=user,
                connections=connections,
                decision_makers=rng.choice([0, rng.randint(0, connections)]),
                decision_maker_share=Decimal(rng.randint(0, 10_000)) / 10_000,
                target_market_share=Decimal(rng.randint(0, 10_000)) / 10_000,
                coworker_connections=rng.randint(0, 60),
                acceptance_rate=rng.choice([None, Decimal(rng.randint(0, 10_000)) / 10_000]),
                companies_followed=rng.randint(0, 20),
            )
    Activity.objects.bulk_create(activities)
    return [u.pk for u in users]


def calibrated_model(rng: random.Random) -> ScoringModel:
    """Weights that are not round numbers, as a calibration leaves them."""
    v1 = current_scoring_model()
    weights = {k: float(w) * rng.uniform(0.3, 1.0) for k, w in v1.weights.items()}
    targets = {k: float(t) * rng.uniform(0.5, 2.0) for k, t in v1.targets.items()}
    return services.scoring_model_save(model=ScoringModel(), weights=weights, targets=targets)


def one_by_one(ids: list[int], model: ScoringModel) -> dict[int, engine.EstimateResult]:
    return {
        pk: engine.estimate(signals_for_users([pk], TODAY)[pk], model.as_engine_model())
        for pk in ids
    }


def test_the_signals_of_a_chunk_are_each_trainees_own():
    ids = populate(random.Random(13), 60)
    user_ids, matrix = signal_matrix(reversed(ids), TODAY)
    assert user_ids.tolist() == sorted(ids)
    for row, pk in enumerate(user_ids.tolist()):
        alone = signals_for_users([pk], TODAY)[pk]
        assert matrix[row].tolist() == [alone.value(k) for k in vocabulary.FACTOR_KEYS], pk
    # Something of each kind of signal was really exercised.
    assert (matrix != 0).any(axis=0).all()


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_nightly_path_stores_what_the_engine_gives_one_by_one(calibrated):
    rng = random.Random(2026)
    ids = populate(rng, 60)
    model = calibrated_model(rng) if calibrated else current_scoring_model()
    assert services.estimates_count_recompute(user_ids=ids, today=TODAY, model=model) == 60
    expected = one_by_one(ids, model)
    stored = Estimate.objects.filter(date=TODAY, model=model).select_related("model")
    assert stored.count() == 60
    for estimate in stored:
        result = expected[estimate.user_id]
        for pillar in result.pillars:
            assert getattr(estimate, pillar.key) == Decimal(str(pillar.points)).quantize(SIX)
        assert estimate.total == Decimal(str(result.total)).quantize(SIX)
        # The explanation shown on "why this score": every factor's value and points.
        assert estimate.result() == result


def test_the_objects_returned_are_the_rows_stored():
    ids = populate(random.Random(7), 20)
    returned = services.estimates_recompute(users=ids, today=TODAY)
    stored = {e.pk: e for e in Estimate.objects.filter(user_id__in=ids)}
    assert sorted(stored) == sorted(e.pk for e in returned)
    for estimate in returned:
        row = stored[estimate.pk]
        assert (estimate.user_id, estimate.total, estimate.brand) == (
            row.user_id,
            row.total,
            row.brand,
        )
        assert estimate.result() == row.result()


def test_an_estimate_stored_with_its_whole_explanation_reads_as_before(trainee):
    """Estimates from before the signals-only explanation keep theirs as they are."""
    model = current_scoring_model()
    result = engine.estimate(engine.Signals(posts_28d=5, connections=300))
    old = Estimate.objects.create(
        user=trainee,
        date=TODAY,
        model=model,
        total=Decimal(str(result.total)).quantize(SIX),
        explanation=engine.result_to_json(result),
        **{p.key: Decimal(str(p.points)).quantize(SIX) for p in result.pillars},
    )
    assert Estimate.objects.get(pk=old.pk).result() == result


def test_the_explanation_keeps_every_signal_exactly():
    ids = populate(random.Random(5), 30)
    services.estimates_count_recompute(user_ids=ids, today=TODAY)
    user_ids, matrix = signal_matrix(ids, TODAY)
    stored = dict(Estimate.objects.filter(user_id__in=ids).values_list("user_id", "explanation"))
    for row, pk in enumerate(user_ids.tolist()):
        assert np.array_equal(stored[pk]["signals"], matrix[row])
