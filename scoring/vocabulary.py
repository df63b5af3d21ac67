"""The words of the SSI: its pillars, their factors, and the facts a member can state.

One pure module (no ORM, no settings, no clock) that the engine, the models, the
explanations, the forms, the API and coaching's catalogue all read, so that a pillar or
a factor is named in one place. LinkedIn's own names of the pillars, the factors of
our explainable model, and the profile checklist and network facts of ``ProfileState``
and ``NetworkState``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

# --- Pillars and factors ------------------------------------------------------------------

PILLARS: tuple[str, ...] = ("brand", "people", "insights", "relationships")
#: The factors of each pillar, in the order they are documented.
FACTORS: dict[str, tuple[str, ...]] = {
    "brand": (
        "profile_completeness",
        "endorsements_received",
        "recommendations_received",
        "posts_28d",
        "articles_90d",
        "media_90d",
        "profile_updated_90d",
    ),
    "people": (
        "connections",
        "decision_maker_share",
        "target_market_share",
        "searches_28d",
        "days_active_28d",
        "companies_followed",
    ),
    "insights": (
        "comments_28d",
        "words_per_comment_90d",
        "reactions_28d",
        "reshares_28d",
        "group_engagement_90d",
        "messages_sent_28d",
        "learning_90d",
    ),
    "relationships": (
        "new_connections_90d",
        "acceptance_rate",
        "decision_maker_connections",
        "conversations_90d",
        "endorsements_given_90d",
        "coworker_connections",
    ),
}
FACTOR_PILLAR: dict[str, str] = {key: p for p, keys in FACTORS.items() for key in keys}
FACTOR_KEYS: tuple[str, ...] = tuple(FACTOR_PILLAR)

PILLAR_NAMES = {
    "brand": gettext_lazy("Establish your professional brand"),
    "people": gettext_lazy("Find the right people"),
    "insights": gettext_lazy("Engage with insights"),
    "relationships": gettext_lazy("Build relationships"),
}


@dataclass(frozen=True)
class FactorText:
    label: Promise
    what: Promise
    how: Promise


FACTOR_TEXT: dict[str, FactorText] = {
    "profile_completeness": FactorText(
        gettext_lazy("Profile completeness"),
        gettext_lazy("How much of the profile checklist is done."),
        gettext_lazy(
            "Add what is missing: photo, banner, headline, a summary of 300+ characters, "
            "positions, education, skills, featured items, a custom URL."
        ),
    ),
    "endorsements_received": FactorText(
        gettext_lazy("Endorsements received"),
        gettext_lazy("Skill endorsements on the profile."),
        gettext_lazy(
            "Endorse colleagues for skills you have seen them use; many return the favour."
        ),
    ),
    "recommendations_received": FactorText(
        gettext_lazy("Recommendations received"),
        gettext_lazy("Visible recommendations on the profile."),
        gettext_lazy("Ask two or three clients or colleagues for a short recommendation."),
    ),
    "posts_28d": FactorText(
        gettext_lazy("Posts (28 days)"),
        gettext_lazy("Posts published in the last 28 days."),
        gettext_lazy("Post about your niche about three times a week."),
    ),
    "articles_90d": FactorText(
        gettext_lazy("Articles (90 days)"),
        gettext_lazy("Long-form articles published in the last 90 days."),
        gettext_lazy("Write one article a month on a question your clients ask."),
    ),
    "media_90d": FactorText(
        gettext_lazy("Documents and media (90 days)"),
        gettext_lazy("Documents, slides or videos shared in the last 90 days."),
        gettext_lazy(
            "Share a document that proves your skills, such as a short guide or a case study."
        ),
    ),
    "profile_updated_90d": FactorText(
        gettext_lazy("Profile kept current (90 days)"),
        gettext_lazy("Whether the profile was updated in the last 90 days."),
        gettext_lazy(
            "Update your profile as your experience evolves: a new project, skill or result."
        ),
    ),
    "connections": FactorText(
        gettext_lazy("Connections"),
        gettext_lazy("First-degree connections."),
        gettext_lazy("Connect with experts and buyers in your sector, a few every week."),
    ),
    "decision_maker_share": FactorText(
        gettext_lazy("Decision makers in your network"),
        gettext_lazy("Share of the connections with a decision-making title."),
        gettext_lazy("Favour invitations to heads, directors and owners in your target accounts."),
    ),
    "target_market_share": FactorText(
        gettext_lazy("Connections in your target market"),
        gettext_lazy("Share of the connections in the target industries or companies."),
        gettext_lazy("Search your target industries and connect with the people who buy."),
    ),
    "searches_28d": FactorText(
        gettext_lazy("People searches (28 days)"),
        gettext_lazy("People searches run in the last 28 days."),
        gettext_lazy("Run about five targeted people searches every working day."),
    ),
    "days_active_28d": FactorText(
        gettext_lazy("Days active (28 days)"),
        gettext_lazy("Days with any activity in the last 28 days."),
        gettext_lazy("Spend ten minutes on LinkedIn every working day."),
    ),
    "companies_followed": FactorText(
        gettext_lazy("Companies followed"),
        gettext_lazy("Companies followed."),
        gettext_lazy("Follow your target accounts to see their news and their people."),
    ),
    "comments_28d": FactorText(
        gettext_lazy("Comments (28 days)"),
        gettext_lazy("Comments written in the last 28 days."),
        gettext_lazy("Comment usefully under posts that ask for an opinion, a few a day."),
    ),
    "words_per_comment_90d": FactorText(
        gettext_lazy("Words per comment (90 days)"),
        gettext_lazy("The average length of the comments of the last 90 days."),
        gettext_lazy(
            "Write comments of a sentence or two that add something, not just 'Great post'."
        ),
    ),
    "reactions_28d": FactorText(
        gettext_lazy("Reactions (28 days)"),
        gettext_lazy("Reactions given in the last 28 days."),
        gettext_lazy("React to posts of your network and your buyers."),
    ),
    "reshares_28d": FactorText(
        gettext_lazy("Reshares with commentary (28 days)"),
        gettext_lazy("Posts reshared with an own comment in the last 28 days."),
        gettext_lazy("Reshare one relevant post a week with what you think of it."),
    ),
    "group_engagement_90d": FactorText(
        gettext_lazy("Group participation (90 days)"),
        gettext_lazy("Posts and comments in LinkedIn groups in the last 90 days."),
        gettext_lazy("Join two groups of your sector and take part every other week."),
    ),
    "messages_sent_28d": FactorText(
        gettext_lazy("Messages sent (28 days)"),
        gettext_lazy("Messages sent in the last 28 days."),
        gettext_lazy("Follow up new connections and comments with a short personal message."),
    ),
    "learning_90d": FactorText(
        gettext_lazy("Learning (90 days)"),
        gettext_lazy("LinkedIn Learning courses completed in the last 90 days."),
        gettext_lazy("Complete one short course on your field each quarter."),
    ),
    "new_connections_90d": FactorText(
        gettext_lazy("New connections (90 days)"),
        gettext_lazy("Connections made in the last 90 days."),
        gettext_lazy("Grow your network steadily: five to ten relevant people a week."),
    ),
    "acceptance_rate": FactorText(
        gettext_lazy("Invitations accepted"),
        gettext_lazy("Share of the invitations sent that were accepted."),
        gettext_lazy(
            "Invite people you have a reason to know, with a note; withdraw invitations "
            "pending for over two weeks."
        ),
    ),
    "decision_maker_connections": FactorText(
        gettext_lazy("Decision-maker connections"),
        gettext_lazy("Connections with a decision-making (VP and above) title."),
        gettext_lazy("Connect with senior people in your target accounts."),
    ),
    "conversations_90d": FactorText(
        gettext_lazy("Two-way conversations (90 days)"),
        gettext_lazy("People both written to and heard from in the last 90 days."),
        gettext_lazy(
            "Turn connections into conversations: ask a question, share something useful."
        ),
    ),
    "endorsements_given_90d": FactorText(
        gettext_lazy("Endorsements and recommendations given (90 days)"),
        gettext_lazy("Endorsements and recommendations given in the last 90 days."),
        gettext_lazy("Endorse or recommend people you have worked with."),
    ),
    "coworker_connections": FactorText(
        gettext_lazy("Connections at your company"),
        gettext_lazy("Connections who work at the same company."),
        gettext_lazy("Connect with colleagues in other teams of your company."),
    ),
}
assert set(FACTOR_TEXT) == set(FACTOR_KEYS)


def pillar_label(key: str) -> str:
    """The pillar's name in the active language (the key itself if unknown)."""
    return str(PILLAR_NAMES[key]) if key in PILLAR_NAMES else key


def factor_label(key: str) -> str:
    """The factor's short name in the active language (the key itself if unknown)."""
    return str(FACTOR_TEXT[key].label) if key in FACTOR_TEXT else key


#: The advice on a coach's pages: about the trainee, not to them.
FACTOR_HOW_ABOUT: dict[str, Promise] = {
    "profile_completeness": gettext_lazy(
        "They should add what is missing: photo, banner, headline, a summary of 300+ characters, "
        "positions, education, skills, featured items, a custom URL."
    ),
    "endorsements_received": gettext_lazy(
        "They should endorse colleagues for skills they have seen them use; many return the favour."
    ),
    "recommendations_received": gettext_lazy(
        "They should ask two or three clients or colleagues for a short recommendation."
    ),
    "posts_28d": gettext_lazy("They should post about their niche about three times a week."),
    "articles_90d": gettext_lazy(
        "They should write one article a month on a question their clients ask."
    ),
    "media_90d": gettext_lazy(
        "They should share a document that proves their skills, such as a short guide or a case "
        "study."
    ),
    "profile_updated_90d": gettext_lazy(
        "They should update their profile as their experience evolves: a new project, skill or "
        "result."
    ),
    "connections": gettext_lazy(
        "They should connect with experts and buyers in their sector, a few every week."
    ),
    "decision_maker_share": gettext_lazy(
        "They should favour invitations to heads, directors and owners in their target accounts."
    ),
    "target_market_share": gettext_lazy(
        "They should search their target industries and connect with the people who buy."
    ),
    "searches_28d": gettext_lazy(
        "They should run about five targeted people searches every working day."
    ),
    "days_active_28d": gettext_lazy("They should spend ten minutes on LinkedIn every working day."),
    "companies_followed": gettext_lazy(
        "They should follow their target accounts to see their news and their people."
    ),
    "comments_28d": gettext_lazy(
        "They should comment usefully under posts that ask for an opinion, a few a day."
    ),
    "words_per_comment_90d": gettext_lazy(
        "They should write comments of a sentence or two that add something, not just 'Great post'."
    ),
    "reactions_28d": gettext_lazy("They should react to posts of their network and their buyers."),
    "reshares_28d": gettext_lazy(
        "They should reshare one relevant post a week with what they think of it."
    ),
    "group_engagement_90d": gettext_lazy(
        "They should join two groups of their sector and take part every other week."
    ),
    "messages_sent_28d": gettext_lazy(
        "They should follow up new connections and comments with a short personal message."
    ),
    "learning_90d": gettext_lazy(
        "They should complete one short course on their field each quarter."
    ),
    "new_connections_90d": gettext_lazy(
        "They should grow their network steadily: five to ten relevant people a week."
    ),
    "acceptance_rate": gettext_lazy(
        "They should invite people they have a reason to know, with a note, and withdraw "
        "invitations pending for over two weeks."
    ),
    "decision_maker_connections": gettext_lazy(
        "They should connect with senior people in their target accounts."
    ),
    "conversations_90d": gettext_lazy(
        "They should turn connections into conversations: ask a question, share something useful."
    ),
    "endorsements_given_90d": gettext_lazy(
        "They should endorse or recommend people they have worked with."
    ),
    "coworker_connections": gettext_lazy(
        "They should connect with colleagues in other teams of their company."
    ),
}
#: Factor names that speak to the trainee, as a coach's pages say them.
FACTOR_LABEL_ABOUT: dict[str, Promise] = {
    "coworker_connections": gettext_lazy("Connections at their company"),
    "decision_maker_share": gettext_lazy("Decision makers in their network"),
    "target_market_share": gettext_lazy("Connections in their target market"),
}
assert set(FACTOR_HOW_ABOUT) == set(FACTOR_KEYS)


# --- Facts a member (or an archive) can state ---------------------------------------------

PROFILE_FIELDS: tuple[str, ...] = (
    "has_photo",
    "has_banner",
    "has_headline",
    "summary_length",
    "has_current_position",
    "past_positions",
    "has_education",
    "skills_count",
    "endorsements_received",
    "recommendations_received",
    "has_featured",
    "certifications",
    "has_custom_url",
    "profile_updated_on",
)
NETWORK_FIELDS: tuple[str, ...] = (
    "connections",
    "decision_makers",
    "decision_maker_share",
    "target_market_share",
    "coworker_connections",
    "pending_invitations",
    "acceptance_rate",
    "companies_followed",
)
