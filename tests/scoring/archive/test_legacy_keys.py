"""Rows stored under the old reaction keys: migrated, then re-keyed by the next import."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from scoring.archive import parse_upload
from scoring.archive.parsers import legacy_target
from scoring.archive.result import stable_hash
from scoring.archive.services import _store
from scoring.models import Activity, ActivitySource

TODAY = date(2026, 11, 27)
pytestmark = pytest.mark.django_db

migration = importlib.import_module("scoring.migrations.0004_activity_kinds_and_legacy_keys")


def reactions_zip(links: list[str]) -> bytes:
    from tests.scoring.archive.generator import zip_bytes

    rows = "".join(f'2024-06-{10 + n:02d} 06:01:43,LIKE,"{link}"\n' for n, link in enumerate(links))
    return zip_bytes({"Reactions.csv": ("Date,Type,Link\n" + rows).encode()})


def old_import(user, links: list[str]) -> None:
    """What the earlier reader stored: one row per first urn, the first of the file."""
    seen: set[str] = set()
    for n, link in enumerate(links):
        key = "li:" + stable_hash("reaction", legacy_target(link))
        if key in seen:
            continue
        seen.add(key)
        Activity.objects.create(
            user=user,
            kind="reaction",
            occurred_on=date(2024, 6, 10 + n),
            source=ActivitySource.IMPORT,
            external_key=key,
        )


@pytest.mark.parametrize("post_first", [True, False])
def test_reimport_after_the_migration_adds_only_the_lost_reactions(trainee, post_first):
    from tests.scoring.archive.generator import comment_reaction_links

    post = "https://www.linkedin.com/feed/update/urn:li:activity:9000"
    comments = comment_reaction_links(9000)
    links = [post, *comments] if post_first else [*comments, post]
    old_import(trainee, links)
    assert Activity.objects.filter(user=trainee).count() == 2  # 6 reactions collapsed to 2

    migration.mark_legacy(apps, None)
    assert set(Activity.objects.values_list("external_key", flat=True)) == {
        "li1:" + stable_hash("reaction", legacy_target(link)) for link in links
    }

    result = parse_upload(reactions_zip(links), today=TODAY)
    _store(trainee, result, today=TODAY)
    rows = Activity.objects.filter(user=trainee)
    assert rows.count() == 6
    assert set(rows.values_list("external_key", flat=True)) == {
        a.external_key for a in result.activities
    }
    # Each row kept its own date: the one the old import stored is the first of the file.
    by_key = dict(rows.values_list("external_key", "occurred_on"))
    assert by_key == {a.external_key: a.occurred_on for a in result.activities}

    _store(trainee, parse_upload(reactions_zip(links), today=TODAY), today=TODAY)
    assert Activity.objects.filter(user=trainee).count() == 6


def test_the_migration_reverses_and_leaves_other_rows_alone(trainee):
    Activity.objects.create(
        user=trainee, kind="comment", occurred_on=TODAY, source="import", external_key="li:c"
    )
    Activity.objects.create(
        user=trainee, kind="reaction", occurred_on=TODAY, source="manual", external_key="li:m"
    )
    Activity.objects.create(
        user=trainee, kind="reaction", occurred_on=TODAY, source="import", external_key="li:r"
    )
    migration.mark_legacy(apps, None)
    keys = set(Activity.objects.values_list("external_key", flat=True))
    assert keys == {"li:c", "li:m", "li1:r"}
    migration.unmark_legacy(apps, None)
    assert set(Activity.objects.values_list("external_key", flat=True)) == {"li:c", "li:m", "li:r"}
