"""Whole generated archives of every year's variant, and idempotent external keys."""

from collections import Counter
from datetime import date

import pytest

from scoring.archive import parse_files, parse_upload
from tests.scoring.archive import generator as gen

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module", params=gen.VARIANTS)
def imported(request):
    archive = gen.build_archive(request.param)
    return request.param, archive, parse_upload(archive.data, today=TODAY, name=archive.name)


def test_every_activity_kind_is_counted_as_written(imported):
    variant, archive, result = imported
    counts = result.counts_by_kind()
    for kind, expected in archive.truth["kinds"].items():
        assert counts.get(kind, 0) == expected, (variant, kind)


def test_network_facts(imported):
    _variant, archive, result = imported
    truth = archive.truth
    network = result.network
    assert network.connections == truth["connections"]
    assert network.decision_makers == truth["decision_makers"]
    assert network.decision_maker_share == truth["decision_maker_share"]
    assert network.coworker_connections == truth["coworkers"]
    assert network.acceptance_rate == truth["acceptance_rate"]
    assert network.pending_invitations == truth["pending_invitations"]
    assert network.growth[-1][2] == truth["connections"]
    assert sum(month[1] for month in network.growth) == truth["connections"]


def test_profile_facts(imported):
    variant, archive, result = imported
    profile = result.profile
    assert profile.has_headline is True
    assert profile.summary_length == len("Helping manufacturers sell smarter. " * 12) - 1
    assert profile.skills_count == archive.truth["skills"]
    assert profile.past_positions == 2
    assert profile.has_current_position is True
    assert profile.has_education is True
    assert profile.certifications == 2
    if variant == "2018":
        assert profile.endorsements_received is None  # no file: unknown, not zero
    else:
        assert profile.endorsements_received == archive.truth["endorsements_received"]
        assert profile.recommendations_received == 2
    if variant == "2026":
        assert profile.has_photo is True
        assert profile.has_banner is True
        assert profile.profile_updated_on == archive.truth["profile_photo_on"]
    else:
        assert profile.has_photo is None


def test_export_date_comes_from_the_zip_name(imported):
    variant, _archive, result = imported
    assert result.reference_date == gen.EXPORT_DATES[variant]


def test_inventory_lists_every_file(imported):
    _variant, _archive, result = imported
    by_kind = {f.kind: f for f in result.files if f.kind}
    connections = by_kind["connections"]
    assert connections.header.lower().startswith("first name")
    assert connections.rows_read == connections.rows_used == 60
    assert connections.skipped == {"blank_member": 3}
    messages = by_kind["messages"]
    assert messages.skipped["spam"] == 1
    assert messages.skipped["linkedin_member"] == 1
    assert any(f.status == "ignored" for f in result.files)  # Registration.csv and others


def test_comments_and_posts_keep_their_text(imported):
    variant, archive, result = imported
    if variant == "2018":
        return
    comment_words = [a.words for a in result.activities if a.kind in ("comment", "group_comment")]
    assert comment_words == [len(t.split()) for t in archive.truth["comment_texts"]]
    post_words = sorted(
        a.words for a in result.activities if a.kind in ("post", "share", "group_post") and a.words
    )
    assert post_words == sorted(len(t.split()) for t in archive.truth["posts_texts"] if t)


def test_messages_direction_and_two_way_counterparts(imported):
    _variant, _archive, result = imported
    sent = {a.counterpart for a in result.activities if a.kind == "message_sent"}
    received = {a.counterpart for a in result.activities if a.kind == "message_received"}
    assert len(sent & received) == 8
    assert "" not in sent | received


def test_external_keys_are_unique_and_stable(imported):
    _variant, archive, result = imported
    keys = [a.external_key for a in result.activities]
    assert len(keys) == len(set(keys))
    assert all(k.startswith("li:") and len(k) <= 64 for k in keys)
    again = parse_upload(archive.data, today=TODAY, name=archive.name)
    assert [a.external_key for a in again.activities] == keys


@pytest.mark.parametrize(("older", "newer"), [("2018", "2021"), ("2021", "2024"), ("2024", "2026")])
def test_the_same_history_in_two_formats_gives_the_same_keys(older, newer):
    """An older and a newer archive of the same person: nothing new is counted twice."""
    export = date(2024, 3, 1)
    old = parse_upload(gen.build_archive(older, export=export).data, today=TODAY)
    new = parse_upload(gen.build_archive(newer, export=export).data, today=TODAY)
    old_by_kind: dict[str, set[str]] = {}
    new_by_kind: dict[str, set[str]] = {}
    for activity in old.activities:
        old_by_kind.setdefault(activity.kind, set()).add(activity.external_key)
    for activity in new.activities:
        new_by_kind.setdefault(activity.kind, set()).add(activity.external_key)
    shared = set(old_by_kind) & set(new_by_kind)
    assert {"connection", "post", "message_sent", "invitation_sent", "search"} <= shared
    for kind in shared:
        if kind in ("profile_update", "media"):
            continue
        # One side may hold extra items (the legacy endorsement file, InstantReposts), but
        # an item both describe has one key: the smaller set lies inside the larger.
        smaller, larger = sorted((old_by_kind[kind], new_by_kind[kind]), key=len)
        assert smaller <= larger, kind


def test_a_newer_archive_adds_only_the_new_rows():
    older = gen.zip_bytes(
        {
            "Connections.csv": (
                gen.PREAMBLE + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
                "Ada,Lovelace,,Acme,CEO,09 Sep 2022\n,,,,,09 Sep 2022\n"
            ).encode(),
            "Comments.csv": (
                b"Date,Link,Message\r\n"
                b"2022-09-10 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1,"
                b'"She said ""go"", we went"\r\n'
                b"2022-09-11 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2,"
                b"line one\r\nline two\r\n"
            ),
        }
    )
    newer = gen.zip_bytes(
        {
            "Connections.csv": (
                gen.PREAMBLE
                + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                "Bob,Byte,https://www.linkedin.com/in/bob,,Initech,CTO,02 Feb 2025\n"
                "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Founder,"
                "09 Sep 2022\n,,,,,,09 Sep 2022\n"
            ).encode(),
            "Comments.csv": (
                b"Date,Link,Message\n"
                b"2025-01-05 10:00:00,https://www.linkedin.com/feed/update/urn:li:activity:3,new\n"
                b"2022-09-10 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1,"
                b'"She said \\"go\\", we went"\n'
                b"2022-09-11 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2,"
                b'"line one\nline two"\n'
            ),
        }
    )
    old_keys = {a.external_key for a in parse_upload(older, today=TODAY).activities}
    new_activities = parse_upload(newer, today=TODAY).activities
    new_keys = {a.external_key for a in new_activities}
    assert old_keys < new_keys
    added = Counter(a.kind for a in new_activities if a.external_key not in old_keys)
    assert added == Counter({"connection": 1, "comment": 1})


def test_loose_files_give_the_same_keys_as_the_zip():
    archive = gen.build_archive("2026")
    zipped = parse_upload(archive.data, today=TODAY, name=archive.name)
    loose = parse_files(list(gen.build_files("2026").items()), today=TODAY)
    assert {a.external_key for a in loose.activities} == {a.external_key for a in zipped.activities}


def test_progress_is_reported_up_to_100():
    seen: list[int] = []
    parse_upload(gen.build_archive("2024").data, today=TODAY, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 100
    assert len(seen) > 10


def test_target_market_share():
    from scoring.archive import TargetMarket

    archive = gen.build_archive("2024")
    market = TargetMarket(industries=("Insurance",), companies=("Acme",))
    result = parse_upload(archive.data, today=TODAY, market=market)
    described = 60 - 3
    share = result.network.target_market_share
    assert share is not None and 0 < share < 1
    assert abs(share * described - round(share * described)) < 0.01
    assert parse_upload(archive.data, today=TODAY).network.target_market_share is None
