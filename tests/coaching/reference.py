"""The reference model's weights (scoring-model.md), for pure planner tests."""

from coaching.catalogue import FACTOR_PILLAR
from coaching.planner import FactorGap

WEIGHTS: dict[str, float] = {
    "profile_completeness": 8,
    "endorsements_received": 3,
    "recommendations_received": 2,
    "posts_28d": 6,
    "articles_90d": 3,
    "media_90d": 1,
    "profile_updated_90d": 2,
    "connections": 5,
    "decision_maker_share": 5,
    "target_market_share": 5,
    "searches_28d": 4,
    "days_active_28d": 4,
    "companies_followed": 2,
    "comments_28d": 7,
    "words_per_comment_90d": 3,
    "reactions_28d": 3,
    "reshares_28d": 3,
    "group_engagement_90d": 4,
    "messages_sent_28d": 3,
    "learning_90d": 2,
    "new_connections_90d": 6,
    "acceptance_rate": 6,
    "decision_maker_connections": 4,
    "conversations_90d": 5,
    "endorsements_given_90d": 2,
    "coworker_connections": 2,
}


def gaps(fill: dict[str, float] | None = None, default: float = 0.0) -> list[FactorGap]:
    """Factor gaps where each factor has earned ``fill[key]`` (a share 0..1) of its weight."""
    fill = fill or {}
    return [
        FactorGap(key, FACTOR_PILLAR[key], round(weight * fill.get(key, default), 4), weight)
        for key, weight in WEIGHTS.items()
    ]


def pillar_points(factors: list[FactorGap]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for factor in factors:
        totals[factor.pillar] = totals.get(factor.pillar, 0.0) + factor.points
    return totals
