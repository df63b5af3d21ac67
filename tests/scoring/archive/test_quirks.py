"""Quirks of real exports that the readers once got wrong, each from the generator."""

from datetime import date

import pytest
from django.utils import translation

from scoring.archive import ArchiveError, Limits, parse_upload, parsers
from tests.scoring.archive import generator as gen

TODAY = date(2026, 11, 27)


def run(files: dict[str, str | bytes], **kwargs):
    data = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    return parse_upload(gen.zip_bytes(data), today=kwargs.pop("today", TODAY), **kwargs)


def refused(data: bytes, **kwargs) -> ArchiveError:
    with pytest.raises(ArchiveError) as caught:
        parse_upload(data, today=TODAY, name="upload.zip", **kwargs)
    return caught.value


def reactions_file(links: list[str]) -> str:
    rows = [f"2024-06-{10 + n:02d} 06:01:43,LIKE,{link}" for n, link in enumerate(links)]
    return "Date,Type,Link\r\n" + "\r\n".join(rows) + "\r\n"


# --- Keys of reactions, votes and reposts ------------------------------------------------


def test_reactions_to_different_comments_of_one_post_are_different_items():
    post = "https://www.linkedin.com/feed/update/urn:li:activity:9000"
    links = [post, *gen.comment_reaction_links(9000)]
    result = run({"Reactions.csv": reactions_file(links)})
    assert result.counts_by_kind() == {"reaction": 6}
    assert len({a.external_key for a in result.activities}) == 6


def test_the_same_comment_written_encoded_or_not_is_one_item():
    encoded = gen.comment_reaction_links(9000)[0]
    plain = (
        "https://www.linkedin.com/feed/update/urn:li:activity:9000"
        "?commentUrn=urn:li:comment:(activity:9000,1001)"
    )
    result = run({"Reactions.csv": reactions_file([encoded, plain])})
    assert result.counts_by_kind() == {"reaction": 1}


def test_votes_and_reposts_use_the_whole_target_too():
    links = gen.comment_reaction_links(77)[:2]
    votes = "Date,Link,OptionText\n" + "".join(
        f"2024-06-1{n} 06:01:43,{link},Yes\n" for n, link in enumerate(links)
    )
    reposts = "Date,Link\n" + "".join(
        f"2025-10-0{n + 1} 06:01:43,{link}\n" for n, link in enumerate(links)
    )
    result = run({"Votes.csv": votes, "InstantReposts.csv": reposts})
    assert result.counts_by_kind() == {"poll_vote": 2, "repost": 2}


def test_targets_and_the_keys_they_replace():
    link = gen.comment_reaction_links(5)[2]
    assert parsers.target(link) == "comment:(activity:5,1003)"
    assert parsers.target("https://x/urn:li:activity:5") == "activity:5"
    assert (
        parsers.target("https://www.linkedin.com/pulse/a%20b")
        == "https://www.linkedin.com/pulse/a b"
    )
    # The old reading: the first urn, cut at the comma.
    assert parsers.legacy_target(link) == "activity:5"
    assert (
        parsers.legacy_target(gen.comment_reaction_links(5)[3]) == "comment:(groupPost:961087-7001"
    )


def test_post_reaction_keys_are_unchanged_and_others_carry_their_old_key():
    links = ["https://www.linkedin.com/feed/update/urn:li:activity:9000"]
    links += gen.comment_reaction_links(9000)[:1]
    result = run({"Reactions.csv": reactions_file(links)})
    post, comment = result.activities
    assert post.legacy_key == "li1:" + post.external_key.removeprefix("li:")
    assert comment.legacy_key == post.legacy_key  # the old reading made them one
    assert comment.external_key != post.external_key


# --- Message direction -------------------------------------------------------------------


def test_direction_from_the_profile_name_when_the_owner_never_wrote():
    result = run(gen.messages_owner_silent())
    assert result.counts_by_kind() == {"message_received": 4}
    assert [w.code for w in result.warnings] == ["messages_direction_owner_silent"]


def test_direction_from_the_owner_url_when_the_name_differs():
    result = run(gen.messages_owner_by_url())
    counts = result.counts_by_kind()
    assert counts["message_sent"] == 1
    assert counts["message_received"] == 3
    assert [w.code for w in result.warnings] == []


def test_direction_from_the_recipient_side_without_any_profile():
    files = gen.messages_owner_silent()
    del files["Profile.csv"]
    result = run(files)
    assert result.counts_by_kind() == {"message_received": 4}
    assert [w.code for w in result.warnings] == ["messages_direction_recipient"]
    with translation.override("it"):
        assert "destinatari" in result.warnings[0].text()


# --- Endorsements, Excel re-saves, xlsx --------------------------------------------------


def test_legacy_endorsements_file_alone_counts_visible_rows():
    result = run({"Endorsement Received Info.csv": gen.legacy_endorsements_only()})
    assert result.profile.endorsements_received == 2
    report = next(f for f in result.files if f.kind == "endorsements_received")
    assert report.skipped == {"not_accepted": 1}


def test_excel_resaved_files_keep_their_rows():
    result = run(gen.excel_resaved_files())
    counts = result.counts_by_kind()
    assert counts["recommendation_received"] == 2
    assert counts["reaction"] == 3
    assert counts["invitation_sent"] == 2
    assert "rows_bad_date" not in [w.code for w in result.warnings]
    rec = sorted(a.occurred_on for a in result.activities if a.kind == "recommendation_received")
    assert rec == [date(2021, 1, 25), date(2021, 2, 3)]
    reactions = sorted(a.occurred_on for a in result.activities if a.kind == "reaction")
    assert reactions == [date(2024, 6, 17), date(2024, 6, 18), date(2024, 6, 19)]


def test_reactions_csv_that_is_an_xlsx_workbook_is_read():
    result = run({"Reactions.csv": gen.xlsx_reactions(3), "Skills.csv": "Name\nCRM\n"})
    assert result.counts_by_kind()["reaction"] == 3
    assert "file_excel" not in [w.code for w in result.warnings]


def test_xlsx_rows_count_against_the_row_limit():
    result = run(
        {"Reactions.csv": gen.xlsx_reactions(30), "Skills.csv": "Name\nCRM\n"},
        limits=Limits(max_rows_per_file=10),
    )
    assert result.counts_by_kind()["reaction"] == 10
    assert "file_row_limit" in [w.code for w in result.warnings]


# --- Rows dated before LinkedIn or after the import day -----------------------------------


def test_rows_out_of_range_are_skipped_and_counted():
    result = run({"Reactions.csv": gen.dated_out_of_range()})
    assert result.counts_by_kind() == {"reaction": 1}
    warning = next(w for w in result.warnings if w.code == "rows_out_of_range")
    assert warning.params["count"] == 3
    assert "3 rows" in warning.text()
    with translation.override("it"):
        assert "3 righe" in warning.text()


def test_one_row_out_of_range_reads_in_the_singular():
    text = gen.dated_out_of_range().decode().splitlines()
    result = run({"Reactions.csv": "\n".join([text[0], text[3], text[4]]) + "\n"})
    warning = next(w for w in result.warnings if w.code == "rows_out_of_range")
    assert warning.params["count"] == 1
    assert "1 row " in warning.text()
    with translation.override("it"):
        assert "1 riga" in warning.text()


# --- Hostile uploads ----------------------------------------------------------------------


def test_many_small_zero_entries_are_refused_by_the_total_ratio():
    error = refused(gen.many_zero_entries(1024))
    assert error.notice.code in ("zip_bomb", "too_much_data")


def test_a_small_entry_with_a_huge_ratio_is_refused():
    data = gen.zip_bytes({"Connections.csv": b"0" * 900_000, "Skills.csv": b"Name\nCRM\n"})
    assert refused(data).notice.code == "zip_bomb"


def test_too_many_copies_of_one_name_are_refused():
    assert refused(gen.duplicate_names_zip(300)).notice.code == "too_many_duplicates"


def test_a_million_rows_end_in_a_clear_message_within_the_model_bounds():
    result = parse_upload(gen.million_rows_connections(150_000), today=TODAY)
    assert result.network.connections == 100_000
    warning = next(w for w in result.warnings if w.code == "file_row_limit")
    assert warning.params["limit"] == 100_000


def test_unsafe_names_only_are_named():
    error = refused(gen.unsafe_only_zip())
    assert error.notice.code == "only_unsafe_names"
    assert "../Connections.csv" in error.notice.text()


def test_symlinks_only_say_so():
    error = refused(gen.symlink_only_zip())
    assert error.notice.code == "only_links"
    assert "Connections.csv" in error.notice.text()


def test_entries_are_read_one_at_a_time(monkeypatch):
    """The reader keeps no entry's bytes once that file is parsed."""
    from scoring.archive import reader

    held: list[int] = []
    original = reader.Entry.read

    def spy(self):
        data = original(self)
        held.append(len(data))
        return data

    monkeypatch.setattr(reader.Entry, "read", spy)
    archive = gen.build_archive("2026")
    parse_upload(archive.data, today=TODAY, name=archive.name)
    assert held  # every file went through a lazy read
    found = reader.open_upload(archive.data)
    assert all(not hasattr(e, "data") or e.data is None for es in found.files.values() for e in es)


# --- Files that feed a pillar --------------------------------------------------------------


@pytest.fixture(scope="module")
def archive_2026():
    archive = gen.build_archive("2026")
    return archive, parse_upload(archive.data, today=TODAY, name=archive.name)


def test_account_facts_from_ad_targeting_registration_and_verifications(archive_2026):
    archive, result = archive_2026
    assert result.account.member_groups == archive.truth["member_groups"]
    assert result.account.registered_on == archive.truth["registered_on"]
    assert result.account.id_verified is archive.truth["verified"]


def test_pillar_files_are_used_not_listed_as_not_needed(archive_2026):
    _archive, result = archive_2026
    kinds = {f.kind for f in result.files if f.status == "used"}
    assert {"saved_items", "events", "ad_targeting", "registration", "verifications"} <= kinds


def test_an_archive_whose_only_file_is_too_big_says_which():
    data = gen.zip_bytes({"Connections.csv": b"First Name,Last Name\n" + b"A,B\n" * 400})
    error = refused(data, limits=Limits(max_file_bytes=1000))
    assert error.notice.code == "file_too_big"
    assert "Connections.csv" in error.notice.text()
