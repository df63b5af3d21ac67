"""Table tests per file and per header version, with small hand-written files."""

from datetime import date

import pytest

from scoring.archive import parse_upload
from scoring.archive.parsers import custom_url, profile_url, strip_html, urn
from tests.scoring.archive.generator import PREAMBLE, utf16, zip_bytes

TODAY = date(2026, 11, 27)


def run(files: dict[str, str | bytes], **kwargs):
    data = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    return parse_upload(zip_bytes(data), today=TODAY, **kwargs)


def kinds(result):
    return result.counts_by_kind()


CONNECTIONS_2024 = PREAMBLE + (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada/,,Acme S.p.A.,CEO,16 Dec 2024\n"
    "Bob,Byte,https://www.linkedin.com/in/bob,,Initech,Engineer,01 Oct 2024\n"
)


@pytest.mark.parametrize(
    "header",
    [
        "From,To,Sent At,Message,Direction",
        "From,To,Sent At,Message,Direction,inviterProfileUrn,inviteeProfileUrn",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    ],
    ids=["2018-2022", "jan-2024-urn", "2024-2025-url"],
)
def test_invitations_every_header_version(header):
    extra = header.count(",") - 4

    def row(frm, to, when, direction, urls=("", "")):
        cells = [frm, to, when, "", direction]
        if extra:
            cells += list(urls)
        return ",".join(f'"{c}"' if "," in c else c for c in cells)

    urn_or_url = "urn" in header.lower()
    ada = "urn:li:member:1" if urn_or_url else "https://www.linkedin.com/in/ada"
    lines = [
        header,
        row("Me Myself", "Ada Lovelace", "11/01/24, 7:47 AM", "OUTGOING", ("", ada)),
        row("Me Myself", "Zed Zero", "11/02/24, 7:47 AM", "OUTGOING"),
        row("Me Myself", "Bob Byte", "12/15/24, 9:00 PM", "OUTGOING"),  # last 21 days
        row("Carl Cat", "Me Myself", "10/02/24, 7:47 AM", "INCOMING"),
    ]
    result = run(
        {"Connections.csv": CONNECTIONS_2024, "Invitations.csv": "\n".join(lines) + "\n"},
        name="Basic_LinkedInDataExport_12-20-2024.zip",
    )
    counts = kinds(result)
    assert counts["invitation_sent"] == 3
    assert counts["invitation_received"] == 1
    assert counts["invitation_accepted"] == 2  # Ada (old) and Bob (recent) are connected
    assert result.network.pending_invitations == 1  # Zed
    # Bob's invitation is too recent to judge: Ada accepted, Zed did not.
    assert result.network.acceptance_rate == 0.5


def test_acceptance_rate_matches_invitees_by_url_when_names_differ():
    invitations = (
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        "Me,Ada L.,1/5/24, 7:47 AM,,OUTGOING,https://www.linkedin.com/in/me,"
        "https://www.linkedin.com/in/ada\n"
    ).replace("1/5/24, 7:47 AM", '"1/5/24, 7:47 AM"')
    result = run({"Connections.csv": CONNECTIONS_2024, "Invitations.csv": invitations})
    assert result.network.acceptance_rate == 1.0
    assert result.profile.has_custom_url is True


MESSAGES_2021 = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    "2-a==,,Me Myself,https://www.linkedin.com/in/me,Ada Lovelace,2024-06-18 11:59:53 UTC,,"
    "Hi Ada,INBOX\n"
    "2-a==,,Ada Lovelace,https://www.linkedin.com/in/ada,Me Myself,2024-06-18 12:59:53 UTC,,"
    "<p>Hi&nbsp;back</p>,INBOX\n"
    "2-b==,,Me Myself,https://www.linkedin.com/in/me,Bob Byte,2024-06-19 11:59:53 UTC,,"
    "Hello Bob,ARCHIVE\n"
    "2-c==,Sponsored Conversation,Acme Ads,,Me Myself,2024-06-19 11:59:53 UTC,,"
    "<p>Hi %FIRSTNAME%</p>,INBOX\n"
    "2-d==,,LinkedIn Member,,Me Myself,2024-06-19 11:59:53 UTC,,Hello,INBOX\n"
    "2-e==,,Spammer,https://www.linkedin.com/in/spam,Me Myself,2024-06-19 11:59:53 UTC,,"
    "Buy,SPAM\n"
)


def test_messages_2021_direction_from_profile_name():
    profile = "First Name,Last Name,Headline\nMe,Myself,Seller\n"
    result = run({"Profile.csv": profile, "messages.csv": MESSAGES_2021})
    counts = kinds(result)
    assert counts == {"message_sent": 2, "message_received": 1}
    report = next(f for f in result.files if f.kind == "messages")
    assert report.skipped == {"sponsored": 1, "linkedin_member": 1, "spam": 1}
    sent = {a.counterpart for a in result.activities if a.kind == "message_sent"}
    received = {a.counterpart for a in result.activities if a.kind == "message_received"}
    assert len(sent & received) == 1  # a two-way conversation with Ada only
    assert not result.warnings


def test_messages_direction_guessed_from_the_most_present_sender():
    result = run({"messages.csv": MESSAGES_2021})
    assert kinds(result) == {"message_sent": 2, "message_received": 1}
    # Every conversation is addressed to "Me Myself": the owner, from the recipients.
    assert [w.code for w in result.warnings] == ["messages_direction_recipient"]


def test_messages_direction_from_the_owner_name_given_by_the_account():
    result = run({"messages.csv": MESSAGES_2021}, owner_name="me  MYSELF")
    assert kinds(result) == {"message_sent": 2, "message_received": 1}
    assert not result.warnings


def test_messages_2026_all_quoted_multiline_with_attachments_column():
    text = (
        '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
        '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n'
        '"2-a==","","Me Myself","https://www.linkedin.com/in/me","Ada Lovelace, Bob Byte",'
        '"https://www.linkedin.com/in/ada,https://www.linkedin.com/in/bob",'
        '"2026-03-01 10:00:00 UTC","","Line one\nline two","INBOX",""\n'
    )
    result = run({"messages.csv": text}, owner_name="Me Myself")
    assert kinds(result) == {"message_sent": 1}


def test_messages_2018_use_the_direction_column():
    text = (
        "From,To,Date,Subject,Content,Direction,Folder\n"
        'Ada Lovelace,Me Myself,"10/16/18, 8:36 AM",,Hi,INCOMING,INBOX\n'
        'Me Myself,Ada Lovelace,"10/16/18, 9:36 AM",,Hi Ada,OUTGOING,INBOX\n'
    )
    result = run({"Messages.csv": text})
    assert kinds(result) == {"message_sent": 1, "message_received": 1}


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        ("Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility", "utf8"),
        ("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility", "utf8"),
        ("date,sharelink,sharecommentary,sharedurl,mediaurl,visibility", "utf8"),
    ],
)
def test_shares_header_casing(header, encoding):
    text = (
        header + "\n"
        "2025-07-01 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,"
        '"Line one.""\n""""\n""Line two.",,,MEMBER_NETWORK\n'
        "2025-07-02 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A2,"
        "Read this,https://example.com/a,,MEMBER_NETWORK\n"
        "2025-07-03 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A3,"
        ",https://example.com/b,,MEMBER_NETWORK\n"
        "2025-07-04 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3AgroupPost%3A9-1,"
        "In the group,,,MEMBER_NETWORK\n"
        "2025-07-05 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A5,"
        ",,https://media.licdn.com/x,MEMBER_NETWORK\n"
    )
    result = run({"Shares.csv": text})
    assert kinds(result) == {"post": 2, "share": 1, "repost": 1, "group_post": 1, "media": 1}
    first = next(a for a in result.activities if a.kind == "post")
    assert first.words == 4  # "Line one." / "" / "Line two."


def test_shares_2018_utf16_tsv():
    header = (
        '"Date"\t"Share Title"\t"Share Description"\t"Share Link"\t"Share Commentary"\t'
        '"Shared URL"\t"Media URL"\t"Type"\t"Visibility"\n'
    )
    row = (
        '"2017/06/08 08:15:44 UTC"\t""\t""\t"https://www.linkedin.com/updates?topic=6277"\t'
        '"Hello world"\t""\t""\t"Homepage"\t"Connections"\n'
    )
    result = run({"Shares.csv": utf16(header + row)})
    assert kinds(result) == {"post": 1}
    assert result.activities[0].occurred_on == date(2017, 6, 8)


def test_comments_group_and_words():
    text = (
        "Date,Link,Message\n"
        "2024-03-17 18:03:34,https://www.linkedin.com/feed/update/urn%3Ali%3AgroupPost%3A9-1,"
        "Nice one here\n"
        "2025-03-17 18:03:34,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2,"
        '"Rohan Sen wow! \\"quoted\\", yes"\n'
    )
    result = run({"Comments.csv": text})
    assert kinds(result) == {"group_comment": 1, "comment": 1}
    assert [a.words for a in result.activities] == [3, 5]


def test_reactions_votes_reposts_one_per_item():
    reactions = (
        "Date,Type,Link\r\n"
        "2024-06-17 06:01:43,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1\r\n"
        "2024-06-18 06:01:43,PRAISE,https://www.linkedin.com/feed/update/urn:li:activity:1\r\n"
        "2024-06-18 06:01:43,EMPATHY,https://www.linkedin.com/feed/update/urn:li:comment:(x,2)\r\n"
    )
    votes = 'Date,Link,OptionText\n2024-06-17 06:01:43,https://x/urn:li:groupPost:1-2,"A, B"\n'
    reposts = "Date,Link\n2025-10-01 06:01:43,https://x/urn:li:activity:7\n"
    result = run({"Reactions.csv": reactions, "Votes.csv": votes, "InstantReposts.csv": reposts})
    # The same item reacted to twice (changed reaction) counts once.
    assert kinds(result) == {"reaction": 2, "poll_vote": 1, "repost": 1}
    report = next(f for f in result.files if f.kind == "reactions")
    assert report.rows_read == 3


def test_articles_published_and_drafts():
    def page(published):
        return (
            '<h1><a href="https://www.linkedin.com/pulse/my-post-8bzrc">T</a></h1>'
            '<p class="created">Created on 2025-06-26 17:27</p>'
            f'<p class="published">{published}</p>'
        )

    result = run(
        {
            "Articles/Articles/my-post-8bzrc.html": page("Published on 2025-07-01 17:15"),
            "Articles/Articles/2025-06-30 00:40:54.0.html": page("Published on ---"),
            "Articles/old.html": page("Not published yet"),
            "Articles/readme.html": "<html>not an article</html>",
        }
    )
    assert kinds(result) == {"article": 1}
    assert result.activities[0].occurred_on == date(2025, 7, 1)
    drafts = [f for f in result.files if f.kind == "article" and f.skipped.get("draft")]
    assert len(drafts) == 2


def test_rich_media_both_variants():
    sentences = (
        "Date/Time,Media Description,Media Link\n"
        '"You uploaded a profile photo on March 2, 2026 at 11:05 PM (GMT)", -,https://m/1\n'
        '"You uploaded a profile background photo on March 3, 2026 at 1:05 AM (GMT)", -,'
        "https://m/2\n"
        '"You uploaded a document on March 4, 2026 at 1:05 AM (GMT)", -,https://m/3\n'
        '"You uploaded an article cover photo on March 4, 2026 at 1:05 AM (GMT)", -,https://m/4\n'
    )
    result = run({"Rich_Media.csv": sentences})
    assert kinds(result) == {"profile_update": 2, "media": 1}
    assert result.profile.has_photo and result.profile.has_banner
    assert result.profile.profile_updated_on == date(2026, 3, 3)
    legacy = run({"Rich Media.csv": "Type,Link\nDocuments can be downloaded at,https://x\n"})
    assert kinds(legacy) == {}
    assert legacy.profile.has_photo is None


def test_learning_trailing_comma_and_na():
    text = (
        "Content Title,Content Description,Content Type,Content Last Watched Date (if viewed),"
        "Content Completed At (if completed),Content Saved,Notes taken on videos (if taken),\n"
        'Course A,"<p>multi\nline</p>",Course,2021-03-25 08:46 UTC,2021-03-26 09:00 UTC,false,,\n'
        "Course B,,Course,2021-03-25 08:46 UTC,N/A,true,,\n"
    )
    result = run({"Learning.csv": text})
    # Course B was watched, never finished: a watched course, not a completed one.
    assert kinds(result) == {"learning_completed": 1, "learning_watched": 1}
    assert result.activities[0].occurred_on == date(2021, 3, 26)


def test_follows():
    companies = (
        "Organization,Followed On\nAcme,Sat Dec 14 08:57:55 UTC 2024\n"
        "ACME spa,Sun Dec 15 08:57:55 UTC 2024\nGlobex,Sat Dec 14 08:57:55 UTC 2024\n"
    )
    members = (
        "Date,Status,FullName\r\n2024-02-19 17:32:21,Active,Ada\r\n"
        "2024-02-19 17:32:21,Unfollow,Bob\r\n"
    )
    result = run({"Company Follows.csv": companies, "Member_Follows.csv": members})
    assert result.network.companies_followed == 2  # Acme and ACME spa are one company
    assert kinds(result)["member_follow"] == 1


def test_endorsements_legacy_file_is_merged_without_duplicates():
    new = (
        "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
        "Endorser Public Url,Endorsement Status\n"
        "2022/09/01 08:53:43 UTC,CRM,Ada,Lovelace,www.linkedin.com/in/ada®,ACCEPTED\n"
        "2022/09/02 08:53:43 UTC,Sales,Bob,Byte,www.linkedin.com/in/bob,ACCEPTED\n"
    )
    legacy = utf16(
        '"Endorsement Date"\t"Skill Name"\t"Endorser First Name"\t"Endorser Last Name"\t'
        '"Endorsement Status"\t"Display Status"\n'
        '"2022/09/01 08:53:43 UTC"\t"CRM"\t"Ada"\t"Lovelace"\t"Accepted"\t"Accepted"\n'
        '"2020/01/01 08:53:43 UTC"\t"CRM"\t"Old"\t"Friend"\t"Accepted"\t"Accepted"\n'
        '"2020/01/02 08:53:43 UTC"\t"CRM"\t"Gone"\t"Away"\t"Accepted"\t"Redacted"\n'
    )
    result = run({"Endorsement Received Info.csv": legacy, "Endorsement_Received_Info.csv": new})
    assert result.profile.endorsements_received == 3
    assert "endorsements_merged" in [w.code for w in result.warnings]


def test_profile_2018_and_profile_summary():
    profile = (
        "First Name,Last Name,Maiden Name,Address,Birth Date,Contact Instructions,Headline,"
        "Summary,Industry,Country,Zip Code,Geo Location,Twitter Handles,Websites,"
        "Instant Messengers\n"
        'Me,Myself,,,"Feb 17, 1998",,,Short,Retail,IT,,,,"PORTFOLIO:http://a, PORTFOLIO:http://b",\n'
    )
    summary = "Profile Summary\n" + '"' + "x" * 350 + '"\n'
    result = run({"Profile.csv": profile, "Profile Summary.csv": summary})
    assert result.profile.has_headline is False
    assert result.profile.summary_length == 350


def test_positions_current_past_and_coworkers():
    positions = (
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        'ACME spa,Sales Lead,,"Milan, Italy",Jun 2024,\n'
        "Globex,Rep,,,2019,Jun 2024\n"
    )
    result = run({"Positions.csv": positions, "Connections.csv": CONNECTIONS_2024})
    assert result.profile.has_current_position is True
    assert result.profile.past_positions == 1
    assert result.network.coworker_connections == 1  # Ada at Acme S.p.A.
    assert result.profile.profile_updated_on == date(2024, 6, 1)


def test_search_queries_with_unquoted_commas():
    text = "Time,Search Query\n2023/04/22 09:54:59 UTC,cfo, milan\n2023/04/22 09:55:59 UTC,ceo\n"
    result = run({"SearchQueries.csv": text})
    assert kinds(result) == {"search": 2}
    report = next(f for f in result.files if f.kind == "search_queries")
    assert report.skipped == {}


def test_rows_without_dates_are_reported():
    text = (
        "Date,Type,Link\nyesterday,LIKE,https://x/urn:li:activity:1\n2024-06-17 06:01:43,LIKE,l\n"
    )
    result = run({"Reactions.csv": text})
    assert kinds(result) == {"reaction": 1}
    assert [w.code for w in result.warnings] == ["rows_bad_date"]


def test_helpers():
    assert urn("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A123") == "share:123"
    assert urn("https://x/urn:li:groupPost:961087-1?x=1") == "groupPost:961087-1"
    assert profile_url("https://www.linkedin.com/in/Ada/") == profile_url("www.linkedin.com/in/ada")
    assert strip_html("<p>Hi&nbsp;<b>there</b> &rsquo;</p>") == "Hi there \u2019"
    from collections import Counter

    assert custom_url(Counter({"/in/jane-doe-1a2b3c4d": 3})) is False
    assert custom_url(Counter({"/in/janedoe": 3})) is True
    assert custom_url(Counter()) is None


def test_shares_with_backslash_escapes_fall_back_to_escaped_reading():
    text = (
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        '2026-01-02 10:00:00,https://x/urn:li:share:1,"He said \\"hi\\", then left",'
        ",,MEMBER_NETWORK\n"
        '2026-01-03 10:00:00,https://x/urn:li:share:2,"Line one.\\"\n\\"Line two, \\"ok\\".",'
        "https://example.com,,MEMBER_NETWORK\n"
    )
    result = run({"Shares.csv": text})
    assert kinds(result) == {"post": 1, "share": 1}
    report = next(f for f in result.files if f.kind == "shares")
    assert report.skipped == {}
    assert [a.words for a in result.activities] == [5, 5]


def test_macos_resource_forks_are_not_files():
    files = {
        "Skills.csv": "Name\nCRM\n",
        "__MACOSX/._Skills.csv": b"\x00\x05\x16\x07" + bytes(60),
        "__MACOSX/Articles/._post.html": b"\x00\x05\x16\x07" + bytes(60),
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
    }
    result = run(files)
    assert result.profile.skills_count == 1
    assert not result.warnings
    assert [f.name for f in result.files] == ["Skills.csv"]


def test_browser_duplicate_suffix_in_a_file_name():
    result = run({"Connections (1).csv": CONNECTIONS_2024})
    assert result.network.connections == 2


def test_excel_edited_connections_inside_an_archive():
    from tests.scoring.archive.generator import excel_connections

    result = run({"Connections.csv": excel_connections()})
    assert result.network.connections == 3
    assert result.network.decision_makers == 1  # "Direttore Generale"
    assert [a.occurred_on for a in result.activities] == [
        date(2022, 9, 9),
        date(2024, 6, 18),
        date(2021, 5, 14),
    ]
    assert not result.warnings
