"""Human names of pillars and factors, translatable."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PILLAR_LABELS: dict[str, Promise] = {
    "brand": _("Professional brand"),
    "people": _("Find the right people"),
    "insights": _("Engage with insights"),
    "relationships": _("Build relationships"),
}

FACTOR_LABELS: dict[str, Promise] = {
    "profile_completeness": _("Profile completeness"),
    "endorsements_received": _("Endorsements received"),
    "recommendations_received": _("Recommendations received"),
    "posts_28d": _("Posts (28 days)"),
    "articles_90d": _("Articles (90 days)"),
    "media_90d": _("Documents and media shared (90 days)"),
    "profile_updated_90d": _("Profile kept up to date (90 days)"),
    "connections": _("Connections"),
    "decision_maker_share": _("Share of decision makers"),
    "target_market_share": _("Share in your target market"),
    "searches_28d": _("People searches (28 days)"),
    "days_active_28d": _("Days active (28 days)"),
    "companies_followed": _("Companies followed"),
    "comments_28d": _("Comments (28 days)"),
    "words_per_comment_90d": _("Words per comment (90 days)"),
    "reactions_28d": _("Reactions (28 days)"),
    "reshares_28d": _("Reshares with commentary (28 days)"),
    "group_engagement_90d": _("Group participation (90 days)"),
    "messages_sent_28d": _("Messages sent (28 days)"),
    "learning_90d": _("Learning completed (90 days)"),
    "new_connections_90d": _("New connections (90 days)"),
    "acceptance_rate": _("Invitation acceptance rate"),
    "decision_maker_connections": _("Decision-maker connections"),
    "conversations_90d": _("Two-way conversations (90 days)"),
    "endorsements_given_90d": _("Endorsements and recommendations given (90 days)"),
    "coworker_connections": _("Connections at your company"),
}


def pillar_label(key: str) -> str:
    return str(PILLAR_LABELS.get(key, key))


def factor_label(key: str) -> str:
    return str(FACTOR_LABELS.get(key, key))
