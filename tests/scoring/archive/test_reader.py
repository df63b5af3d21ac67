"""Hostile and broken uploads: refused with a clear message, or read without the bad part."""

import io
import zipfile
from datetime import date

import pytest

from scoring.archive import ArchiveError, Limits, parse_files, parse_upload
from scoring.archive.reader import is_unsafe_name, open_upload
from tests.scoring.archive import generator as gen

TODAY = date(2026, 11, 27)


def refused(data: bytes, name: str = "upload.zip", **kwargs) -> str:
    with pytest.raises(ArchiveError) as caught:
        parse_upload(data, today=TODAY, name=name, **kwargs)
    return caught.value.notice.code


def test_zip_bomb_is_refused_before_inflating():
    assert refused(gen.zip_bomb(40)) == "zip_bomb"


def test_total_uncompressed_size_limit():
    data = gen.zip_bytes({"Connections.csv": b"x" * 2_000_000, "Skills.csv": b"Name\nCRM\n"})
    limits = Limits(max_total_uncompressed=1_000_000)
    assert refused(data, limits=limits) == "too_much_data"


def test_number_of_entries_limit():
    data = gen.zip_bytes({f"f{n}.txt": b"x" for n in range(30)})
    assert refused(data, limits=Limits(max_entries=20)) == "too_many_entries"


def test_upload_size_limit_is_configurable():
    data = gen.build_archive("2024").data
    assert refused(data, limits=Limits(max_upload_bytes=1024)) == "too_large"


def test_per_file_size_limit_skips_only_that_file():
    files = {"Connections.csv": b"x" * 5000, "Skills.csv": b"Name\nCRM\n"}
    result = parse_upload(gen.zip_bytes(files), today=TODAY, limits=Limits(max_file_bytes=1000))
    assert result.profile.skills_count == 1
    assert [w.code for w in result.warnings] == ["file_too_big"]


def test_parent_and_absolute_names_and_symlinks_are_ignored_with_a_warning():
    result = parse_upload(gen.unsafe_names_zip(), today=TODAY)
    codes = sorted(w.code for w in result.warnings)
    assert codes == ["symlink", "unsafe_name", "unsafe_name", "unsafe_name"]
    # Only the safe copy of Connections.csv was read; the evil Profile never was.
    assert result.network.connections == 1
    assert result.profile.has_headline is None
    assert "../../etc/Connections.csv" in result.warnings[0].text()


@pytest.mark.parametrize(
    "name", ["../x.csv", "a/../../x.csv", "/etc/passwd", "C:/x.csv", "..\\x.csv", "\\\\server\\x"]
)
def test_unsafe_names(name):
    assert is_unsafe_name(name)


@pytest.mark.parametrize("name", ["Connections.csv", "export (1)/Connections.csv", "a..b.csv"])
def test_safe_names(name):
    assert not is_unsafe_name(name)


def test_symlink_only_archive_has_nothing_to_read():
    # Nothing to read, and the user is told it was the links (not "no LinkedIn file").
    assert refused(gen.symlink_only_zip()) == "only_links"


def test_zero_byte_file_is_skipped_and_the_rest_read():
    result = parse_upload(gen.empty_file_zip(), today=TODAY)
    assert result.profile.skills_count == 1
    connections = next(f for f in result.files if f.name == "Connections.csv")
    assert connections.status == "skipped"
    assert connections.notice.code == "file_empty"


def test_truncated_zip_is_refused_as_damaged():
    assert refused(gen.truncated_zip()) == "damaged_zip"


def test_xlsx_upload_is_refused_as_excel():
    assert refused(gen.xlsx_bytes(), name="Connections.xlsx") == "excel_workbook"


def test_xlsx_renamed_to_csv_inside_the_archive_is_skipped_with_a_warning():
    result = parse_upload(gen.xlsx_renamed_in_zip(), today=TODAY)
    assert [w.code for w in result.warnings] == ["file_excel"]
    assert result.profile.skills_count == 2
    assert "Reactions.csv" in result.warnings[0].text()


def test_lone_xlsx_renamed_to_csv_is_refused_as_excel():
    assert refused(gen.xlsx_bytes(), name="Connections.csv") == "excel_workbook"


def test_binary_garbage_is_refused():
    assert refused(gen.garbage(), name="Connections.csv") == "not_an_archive"
    assert refused(gen.garbage(), name="export.zip") == "damaged_zip"
    assert refused(b"PK" + gen.garbage()) == "damaged_zip"


def test_empty_upload():
    assert refused(b"") == "empty_upload"


def test_zip_without_linkedin_files():
    assert refused(gen.zip_bytes({"notes.txt": b"hello", "photo.jpg": b"\xff\xd8"})) == (
        "no_linkedin_files"
    )


def test_zip_inside_a_zip_says_so():
    inner = gen.build_archive("2024").data
    assert refused(gen.zip_bytes({"LinkedIn.zip": inner})) == "nested_zip"


def test_encrypted_entries_are_skipped():
    result = parse_upload(gen.encrypted_entry_zip(), today=TODAY)
    assert [w.code for w in result.warnings] == ["encrypted"]
    assert result.network.connections is None
    assert result.profile.skills_count == 1


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    parse_upload(gen.unsafe_names_zip(), today=TODAY)
    parse_upload(gen.build_archive("2026").data, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_file_like_upload_is_read_without_copying_it_whole():
    data = gen.build_archive("2021").data
    found = open_upload(io.BytesIO(data))
    assert "connections" in found.files


def test_files_found_by_basename_in_any_folder_and_spelling():
    files = {
        "deep/er/CONNECTIONS.CSV": b"First Name,Last Name,Connected On\nA,B,09 Sep 2022\n",
        "x/Rich Media.csv": b"Type,Link\nVideo content can be downloaded at,https://x\n",
        "Search_Queries.csv": b"Time,Search Query\n2023/04/22 09:54:59 UTC,cfo\n",
    }
    result = parse_upload(gen.zip_bytes(files), today=TODAY)
    kinds = {f.kind for f in result.files if f.status == "used"}
    assert kinds == {"connections", "rich_media", "search_queries"}


def test_duplicate_copies_use_one_and_say_which():
    one = b"First Name,Last Name,Connected On\nA,B,09 Sep 2022\n"
    two = b"First Name,Last Name,Connected On\nA,B,9-Sep-22\nC,D,9-Sep-22\n"
    result = parse_upload(
        gen.zip_bytes({"Connections.csv": one, "old/sub/Connections.csv": two}), today=TODAY
    )
    assert result.network.connections == 1
    assert [w.code for w in result.warnings] == ["file_duplicate"]


def test_loose_files_upload():
    files = gen.build_files("2024")
    result = parse_files(list(files.items()), today=TODAY)
    assert result.network.connections == 60
    with pytest.raises(ArchiveError) as caught:
        parse_files([("holiday.jpg", b"\xff\xd8\xff")], today=TODAY)
    assert caught.value.notice.code == "not_an_archive"


def test_error_messages_are_translated():
    from django.utils import translation

    with pytest.raises(ArchiveError) as caught:
        parse_upload(gen.truncated_zip(), today=TODAY)
    english = str(caught.value)
    with translation.override("it"):
        italian = str(caught.value)
    assert "damaged" in english
    assert italian != english


def test_crc_damage_inside_an_entry_skips_that_entry():
    good = gen.zip_bytes(
        {"Skills.csv": b"Name\nCRM\n", "Connections.csv": b"First Name,Connected On\n" * 50},
        compression=zipfile.ZIP_STORED,
    )
    broken = bytearray(good)
    spot = broken.find(b"First Name,Connected On") + 30
    broken[spot] ^= 0xFF
    result = parse_upload(bytes(broken), today=TODAY)
    assert "file_damaged" in [w.code for w in result.warnings]
    assert result.profile.skills_count == 1
