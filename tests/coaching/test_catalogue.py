"""The catalogue is data; these tests keep it coherent with the engine and the planner."""

from collections import Counter

import pytest

from coaching.catalogue import CATALOGUE
from coaching.conditions import CADENCES, DAILY, FACTS, ONCE, OPS, WEEKLY, Condition
from scoring import engine, vocabulary
from scoring.models import ActivityKind
from scoring.vocabulary import FACTOR_PILLAR, PILLARS

from .reference import WEIGHTS

ACTIVITY_KINDS = set(ActivityKind.values)


def test_at_least_thirty_templates_covering_every_pillar():
    assert len(CATALOGUE) >= 30
    per_pillar = Counter(spec.pillar for spec in CATALOGUE)
    assert set(per_pillar) == set(PILLARS)
    assert min(per_pillar.values()) >= 5


def test_slugs_are_unique_and_slug_shaped():
    slugs = [spec.slug for spec in CATALOGUE]
    assert len(slugs) == len(set(slugs))
    assert all(slug == slug.lower() and " " not in slug and len(slug) <= 50 for slug in slugs)


@pytest.mark.parametrize("spec", CATALOGUE, ids=lambda s: s.slug)
def test_template_is_well_formed(spec):
    assert spec.factor in FACTOR_PILLAR, "factor must be an engine factor key"
    assert FACTOR_PILLAR[spec.factor] == spec.pillar, "pillar must be the factor's pillar"
    assert spec.cadence in CADENCES
    assert 1 <= spec.minutes <= 120
    assert 1 <= spec.per_week <= 5
    assert spec.activity_kind is None or spec.activity_kind in ACTIVITY_KINDS
    assert spec.activity_count >= 1
    for text in (spec.title_en, spec.title_it, spec.howto_en, spec.howto_it):
        assert text.strip() == text and text
    assert len(spec.title_en) <= 120 and len(spec.title_it) <= 120
    assert spec.title_en != spec.title_it and spec.howto_en != spec.howto_it
    for condition in spec.conditions:
        assert condition.fact in FACTS
        assert condition.op in OPS
        assert Condition.from_dict(condition.as_dict()) == condition


def test_catalogue_speaks_the_engines_language():
    assert FACTOR_PILLAR == vocabulary.FACTOR_PILLAR
    assert PILLARS == vocabulary.PILLARS
    assert WEIGHTS == engine.DEFAULT_WEIGHTS


def test_every_engine_factor_has_a_task_that_raises_it():
    raised = {spec.factor for spec in CATALOGUE}
    assert raised == set(vocabulary.FACTOR_KEYS)


def test_exactly_one_daily_habit_and_one_weekly_ssi_check():
    habits = [spec for spec in CATALOGUE if spec.is_habit]
    assert [h.slug for h in habits] == ["daily-linkedin-session"]
    assert habits[0].activity_kind == "linkedin_session"
    weekly_routines = [s.slug for s in CATALOGUE if s.routine and s.cadence == WEEKLY]
    assert weekly_routines == ["weekly-ssi-check"]


def test_best_practices_of_the_design_are_all_there():
    slugs = {spec.slug for spec in CATALOGUE}
    expected = {
        "profile-headline", "profile-summary", "profile-photo",  # complete each section
        "publish-niche-post",  # publish in your niche
        "share-proof-document",  # documents that prove your skills
        "comment-opinion-posts",  # comment where someone asks for an opinion
        "join-sector-groups", "group-contribute",  # take part in groups
        "connect-sector-experts",  # experts of your sector
        "grow-network-daily",  # grow the network steadily
        "daily-linkedin-session",  # time on LinkedIn daily
        "weekly-ssi-check",  # check SSI and pick the pillar
        "profile-refresh",  # keep the profile current
    }  # fmt: skip
    assert expected <= slugs


def test_every_profile_section_has_a_once_task_with_a_condition():
    profile = [s for s in CATALOGUE if s.factor == "profile_completeness"]
    assert len(profile) >= 10
    assert all(s.cadence == ONCE and s.conditions for s in profile)


def test_there_are_daily_weekly_and_once_templates():
    assert {spec.cadence for spec in CATALOGUE} == {ONCE, DAILY, WEEKLY}


@pytest.mark.parametrize(
    ("condition", "facts", "holds"),
    [
        (Condition("has_headline", "eq", False), {"has_headline": False}, True),
        (Condition("has_headline", "eq", False), {"has_headline": True}, False),
        (Condition("has_headline", "eq", False), {}, True),  # unknown: suggest it
        (Condition("has_headline", "eq", False), {"has_headline": None}, True),
        (Condition("summary_length", "lt", 300), {"summary_length": 299}, True),
        (Condition("summary_length", "lt", 300), {"summary_length": 300}, False),
        (Condition("pending_invitations", "gte", 20), {"pending_invitations": 20}, True),
        (Condition("acceptance_rate", "lt", 0.7), {"acceptance_rate": 0.72}, False),
    ],
)
def test_condition_evaluation(condition, facts, holds):
    assert condition.holds(facts) is holds


def test_unknown_operator_is_rejected():
    with pytest.raises(ValueError):
        Condition.from_dict({"fact": "has_photo", "op": "like", "value": True})
