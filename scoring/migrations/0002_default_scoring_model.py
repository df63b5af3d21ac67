"""Version 1 of the scoring model: the reference table (docs/scoring-model.md).

The numbers are copied here, not imported, so that this migration keeps creating the
same version 1 even after the engine's defaults change.
"""

from django.db import migrations

WEIGHTS = {'profile_completeness': 8,
 'endorsements_received': 3,
 'recommendations_received': 2,
 'posts_28d': 6,
 'articles_90d': 3,
 'media_90d': 1,
 'profile_updated_90d': 2,
 'connections': 5,
 'decision_maker_share': 5,
 'target_market_share': 5,
 'searches_28d': 4,
 'days_active_28d': 4,
 'companies_followed': 2,
 'comments_28d': 7,
 'words_per_comment_90d': 3,
 'reactions_28d': 3,
 'reshares_28d': 3,
 'group_engagement_90d': 4,
 'messages_sent_28d': 3,
 'learning_90d': 2,
 'new_connections_90d': 6,
 'acceptance_rate': 6,
 'decision_maker_connections': 4,
 'conversations_90d': 5,
 'endorsements_given_90d': 2,
 'coworker_connections': 2}

TARGETS = {'profile_completeness': 1.0,
 'endorsements_received': 50,
 'recommendations_received': 5,
 'posts_28d': 12,
 'articles_90d': 2,
 'media_90d': 3,
 'profile_updated_90d': 1,
 'connections': 500,
 'decision_maker_share': 0.3,
 'target_market_share': 0.5,
 'searches_28d': 100,
 'days_active_28d': 20,
 'companies_followed': 10,
 'comments_28d': 20,
 'words_per_comment_90d': 15,
 'reactions_28d': 40,
 'reshares_28d': 4,
 'group_engagement_90d': 6,
 'messages_sent_28d': 20,
 'learning_90d': 1,
 'new_connections_90d': 60,
 'acceptance_rate': 0.7,
 'decision_maker_connections': 100,
 'conversations_90d': 15,
 'endorsements_given_90d': 5,
 'coworker_connections': 30}


def create_default(apps, schema_editor):
    ScoringModel = apps.get_model("scoring", "ScoringModel")
    ScoringModel.objects.get_or_create(
        version=1,
        defaults={
            "weights": WEIGHTS,
            "targets": TARGETS,
            "notes": "Default model: the reference table; LinkedIn publishes no weights.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
