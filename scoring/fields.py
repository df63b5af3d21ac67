"""The profile checklist and network facts a member (or an archive) can state.

Pure on purpose: the forms, the API, the services and coaching's task conditions all
read these names, and coaching's pure catalogue must not import the ORM to get them.
"""

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
