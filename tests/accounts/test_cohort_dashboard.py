"""The coach's cohort dashboard: rows, sorting and filters, at-risk, shared drops,
verification, leaderboard and exports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coaching import selectors as coaching_selectors
from coaching import services as coaching_services
from coaching import streaks
from coaching.models import Task, TaskStatus
from scoring import services as scoring_services
from scoring.models import Activity, ActivityKind, ActivitySource, CohortDay
from tests.factories import UserFactory, record_ssi

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)  # a Wednesday
#: The score rows: one lateral query on PostgreSQL, two through the ORM elsewhere.
SCORE_QUERIES = 1 if connection.vendor == "postgresql" else 2


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        yield


def member(cohort, email: str, first: str, last: str, **fields):
    user = UserFactory(email=email, first_name=first, last_name=last, **fields)
    cohort.memberships.create(user=user, joined_at=timezone.now() - timedelta(days=60))
    return user


@pytest.fixture
def team(cohort, trainee):
    """Tina (fine, logged in today), Ugo (dropped 8 points), Vera (never recorded)."""
    trainee.last_login = timezone.now()
    trainee.save(update_fields=["last_login"])
    cohort.memberships.filter(user=trainee).update(joined_at=timezone.now() - timedelta(days=60))
    ugo = member(cohort, "ugo@example.com", "Ugo", "Up", last_login=timezone.now())
    vera = member(cohort, "vera@example.com", "Vera", "=cmd|calc", last_login=timezone.now())
    record_ssi(trainee, TODAY - timedelta(days=31), 40)
    record_ssi(trainee, TODAY, 53)
    record_ssi(ugo, TODAY - timedelta(days=31), 60)
    record_ssi(ugo, TODAY - 2 * timedelta(days=1), 52)
    return {"tina": trainee, "ugo": ugo, "vera": vera}


def page(client, cohort, query: str = "", **headers):
    return client.get(reverse("accounts:cohort_detail", args=[cohort.pk]) + query, **headers)


def test_one_row_per_trainee_with_scores_and_reasons(client_for, coach, cohort, team):
    html = page(client_for(coach), cohort).content.decode()
    for column in ("Latest SSI", "7 days", "30 days", "Pillars", "Estimate", "Target", "Streak"):
        assert column in html
    table = html.split('class="table dashboard-table"')[1].split("</table>")[0]
    assert table.count('<tr><th scope="row">') == 3
    assert "53.00" in html and "+13.00" in html  # Tina: latest and change over 30 days
    assert "SSI down 8.0 points in 30 days" in html  # Ugo
    assert "no SSI recorded" in html  # Vera
    # No "0.0" estimate for a trainee without data: a dash and a hint.
    assert "no data yet" in html
    assert "Cohort averages" in html and "Outcomes against SSI" in html
    assert "Distribution of scores" in html


def test_sort_and_filter_are_in_the_url_and_work_without_javascript(
    client_for, coach, cohort, team
):
    client = client_for(coach)
    html = page(client, cohort, "?sort=-ssi").content.decode()
    rows = html.split('class="table dashboard-table"')[1].split("</table>")[0]
    assert rows.index("Tina") < rows.index("Ugo") < rows.index("Vera")  # unknown last
    assert 'aria-sort="descending"' in html
    assert f'href="/coach/cohorts/{cohort.pk}/?sort=ssi"' in html  # next click: ascending
    risky = page(client, cohort, "?filter=risk").content.decode()
    assert "Ugo" in risky and "Vera" in risky and "Tina Trainee</a>" not in risky
    found = page(client, cohort, "?q=ver").content.decode()
    found = found.split('class="table dashboard-table"')[1].split("</table>")[0]
    assert "Vera" in found and "Ugo" not in found


def test_htmx_gets_the_table_only(client_for, coach, cohort, team):
    response = page(client_for(coach), cohort, "?sort=name", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="cohort-table"')
    assert "<html" not in html and "Cohort averages" not in html


#: Computing rows that are missing or stale (a new member, a day that has turned): the
#: shared-drop days, the score rows, weekly completion, streaks and the twelve weeks of
#: outcomes of those trainees.
LIVE_QUERIES = SCORE_QUERIES + 4
#: The same when none of the trainees computed live has an SSI yet: the portable path's
#: second score query reads the snapshots found by the first, and there are none.
LIVE_QUERIES_WITHOUT_SSI = 1 + 4


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize("stored", [True, False])
def test_query_count_does_not_grow_with_trainees_or_history(
    client_for, coach, cohort, team, extra, stored, django_assert_num_queries
):
    from coaching import summaries
    from coaching.models import TraineeSummary

    for i in range(extra):
        user = member(cohort, f"extra{i}@example.com", "Extra", f"N{i}")
        for d in range(0, 40, 3):
            record_ssi(user, TODAY - timedelta(days=d), 30 + d / 2)
    if stored:
        summaries.trainee_summaries_rebuild(now=timezone.now())
    else:  # the writes above kept some rows: none is stored here
        TraineeSummary.objects.all().delete()
    client = client_for(coach)
    # session, user, cohort, trainees with their memberships; the stored rows (outcomes
    # included); scoring: cohort days (and, for rows missing or stale, the live reads)
    with django_assert_num_queries(6 + (0 if stored else LIVE_QUERIES)):
        assert page(client, cohort).status_code == 200


def test_streak_query_equals_the_pure_rule(cohort, trainee):
    """The SQL walk and streaks.current_streak agree on awkward histories."""
    import random

    rng = random.Random(7)
    people = [trainee]
    for i in range(6):
        people.append(member(cohort, f"s{i}@example.com", "S", f"{i}", working_days=[0, 2, 4]))
    people.append(member(cohort, "s-all@example.com", "S", "all", working_days=list(range(7))))
    coaching_services.plan_generate(user=trainee, today=TODAY)
    template = Task.objects.filter(user=trainee, is_habit=True).first()
    expected = {}
    for person in people:
        done = {TODAY - timedelta(days=d) for d in range(60) if rng.random() < 0.8}
        plan = coaching_services.plan_generate(user=person, today=TODAY)
        Task.objects.filter(user=person, is_habit=True).delete()
        Task.objects.bulk_create(
            Task(
                user=person,
                plan=plan,
                template=template.template,
                pillar=template.pillar,
                minutes=5,
                due_date=day,
                is_habit=True,
                status=TaskStatus.DONE,
                completed_on=day,
            )
            for day in sorted(done)
        )
        # Days with logged or imported LinkedIn activity keep the streak as a ticked habit
        # does; a message received is not the trainee's doing and keeps nothing.
        active = {TODAY - timedelta(days=d) for d in range(60) if rng.random() < 0.3}
        received = {TODAY - timedelta(days=d) for d in range(60)} - done - active
        Activity.objects.bulk_create(
            [
                *(
                    Activity(
                        user=person,
                        kind=ActivityKind.POST if i % 2 else ActivityKind.COMMENT,
                        occurred_on=day,
                        source=ActivitySource.IMPORT if i % 3 == 0 else ActivitySource.MANUAL,
                    )
                    for i, day in enumerate(sorted(active))
                ),
                *(
                    Activity(user=person, kind=ActivityKind.MESSAGE_RECEIVED, occurred_on=day)
                    for day in sorted(received)
                ),
            ]
        )
        expected[person.pk] = streaks.current_streak(done | active, person.working_days, TODAY)
        assert coaching_selectors.streak_of(person, TODAY).current == expected[person.pk]
    assert coaching_selectors.current_streaks(people, TODAY) == expected
    # The rule is not vacuous here: activity lengthens some streaks beyond the habits alone.
    assert any(
        expected[p.pk]
        > streaks.current_streak(
            set(
                Task.objects.filter(user=p, is_habit=True, status=TaskStatus.DONE).values_list(
                    "due_date", flat=True
                )
            ),
            p.working_days,
            TODAY,
        )
        for p in people
    )
    assert any(v >= 3 for v in expected.values())


def test_coach_of_another_cohort_and_trainees_never_see_it(
    client_for, other_coach, trainee, cohort, team, client
):
    assert page(client_for(other_coach), cohort).status_code == 404
    assert page(client_for(trainee), cohort).status_code == 404
    export = reverse("accounts:cohort_export", args=[cohort.pk, "csv"])
    assert client_for(other_coach).get(export).status_code == 404
    assert client_for(trainee).get(export).status_code == 404
    client.logout()
    assert page(client, cohort).status_code == 302


# --- Shared drops ----------------------------------------------------------------------------


@pytest.fixture
def shared_drop(cohort, trainee, django_capture_on_commit_callbacks):
    """Five trainees; on the 10th four of them lose 6 points (LinkedIn changed something)."""
    people = [trainee] + [member(cohort, f"d{i}@example.com", "D", f"{i}") for i in range(4)]
    drop_day = TODAY - timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        for i, person in enumerate(people):
            record_ssi(person, TODAY - timedelta(days=31), 50)
            record_ssi(person, drop_day - timedelta(days=1), 50)
            record_ssi(person, drop_day, 44 if i < 4 else 50)
            record_ssi(person, TODAY, 44 if i < 4 else 50)
    return drop_day


def test_shared_drop_day_is_stored_when_snapshots_are_recorded(cohort, shared_drop):
    day = CohortDay.objects.get(cohort=cohort, date=shared_drop)
    assert (day.compared, day.dropped, day.shared_drop) == (5, 4, True)
    assert (
        not CohortDay.objects.filter(cohort=cohort, shared_drop=True)
        .exclude(date=shared_drop)
        .exists()
    )


def test_shared_drop_spares_the_drop_rule_and_shows_everywhere(
    client_for, coach, trainee, cohort, shared_drop
):
    html = page(client_for(coach), cohort).content.decode()
    assert "SSI down" not in html  # nobody is blamed for LinkedIn's change
    assert "data-shared-drops" in html and 'class="mark"' in html
    history = client_for(trainee).get(reverse("scoring:history")).content.decode()
    assert history.count("data-mark") == 1
    dashboard = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    assert 'class="mark"' in dashboard


def test_recompute_command_rebuilds_the_days(cohort, shared_drop):
    from django.core.management import call_command

    CohortDay.objects.all().delete()
    call_command("cohort_days_recompute", stdout=io.StringIO())
    assert CohortDay.objects.get(cohort=cohort, date=shared_drop).shared_drop


# --- Verification ----------------------------------------------------------------------------


def test_coach_verifies_an_entry_and_the_trainee_sees_it(client_for, coach, trainee, cohort):
    snapshot = record_ssi(trainee, TODAY, 48)
    url = reverse("scoring:snapshot_verify", args=[trainee.pk, snapshot.pk])
    assert client_for(trainee).post(url).status_code == 404  # not their own verifier
    response = client_for(coach).post(url, {"verified": "1"})
    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert snapshot.verified_by == coach and snapshot.verified_at is not None
    assert (
        "Verified by Carla" in client_for(trainee).get(reverse("scoring:history")).content.decode()
    )
    assert (
        "verified by your coach"
        in client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    )
    export = client_for(trainee).get(reverse("scoring:history_export", args=["csv"]))
    assert "Carla" in export.content.decode("utf-8-sig")
    # New numbers are no longer what the coach verified.
    record_ssi(trainee, TODAY, 49, replace=True)
    snapshot.refresh_from_db()
    assert snapshot.verified_at is None


def test_verification_is_refused_to_other_coaches(client_for, other_coach, trainee):
    snapshot = record_ssi(trainee, TODAY, 48)
    url = reverse("scoring:snapshot_verify", args=[trainee.pk, snapshot.pk])
    assert client_for(other_coach).post(url).status_code == 404
    snapshot.refresh_from_db()
    assert snapshot.verified_at is None


def test_coach_reads_activity_profile_and_network(client_for, coach, other_coach, trainee):
    scoring_services.network_state_update(user=trainee, connections=812, recompute=False)
    for name in ("scoring:activity_for", "scoring:signals_for"):
        url = reverse(name, args=[trainee.pk])
        assert client_for(other_coach).get(url).status_code == 404
        assert client_for(coach).get(url).status_code == 200
    html = client_for(coach).get(reverse("scoring:signals_for", args=[trainee.pk])).content
    assert b"812" in html and b"<form" not in html.split(b"<main")[-1].split(b"</main>")[0]


# --- Exports ---------------------------------------------------------------------------------


def test_cohort_csv_opens_in_excel_and_defuses_formulas(client_for, coach, cohort, team):
    cohort.name = "Società Vendite"
    cohort.save()
    response = client_for(coach).get(reverse("accounts:cohort_export", args=[cohort.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for accents
    assert 'filename="societa-vendite-2026-11-25.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Id", "First name", "Last name", "E-mail address"]
    vera = next(r for r in rows if r[1] == "Vera")
    assert vera[2] == "'=cmd|calc"  # a formula stays text
    assert len({len(r) for r in rows}) == 1


def test_cohort_xlsx(client_for, coach, cohort, team):
    from openpyxl import load_workbook

    response = client_for(coach).get(reverse("accounts:cohort_export", args=[cohort.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Id"
    vera = next(r for r in rows if r[1] == "Vera")
    assert vera[2] == "'=cmd|calc"
    ugo = next(r for r in rows if r[1] == "Ugo")
    assert not isinstance(ugo[4], str) and ugo[4] == pytest.approx(52)  # numbers stay numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+39 02", "'+39 02"),
        ("-x", "'-x"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Zoë", "Zoë"),
        (-3.5, -3.5),
        (None, ""),
    ],
)
def test_neutralise(value, expected):
    from accounts.exports import neutralise

    assert neutralise(value) == expected


# --- Leaderboard -----------------------------------------------------------------------------


@pytest.fixture
def board(cohort, trainee, team):
    cohort.leaderboard_enabled = True
    cohort.save()
    team["ugo"].show_on_leaderboard = True
    team["ugo"].save()
    trainee.show_on_leaderboard = True
    trainee.save()
    shy = member(cohort, "shy@example.com", "Shy", "Person")  # not opted in
    record_ssi(shy, TODAY, 90)
    return shy


def test_leaderboard_shows_only_those_who_opted_in(client_for, trainee, coach, cohort, board):
    url = reverse("scoring:leaderboard", args=[cohort.pk])
    html = client_for(trainee).get(url).content.decode()
    assert "Ugo" in html and "Tina" in html and "Shy" not in html
    assert html.count("<dd data-leader>") == 4
    coach_html = client_for(coach).get(url).content.decode()
    assert "Shy" not in coach_html and "trainees are not shown" in coach_html
    api = client_for(trainee).get(f"/api/v1/cohorts/{cohort.pk}/leaderboard/").json()
    assert [e["name"] for e in api["entries"]] == ["Tina Trainee", "Ugo Up"]
    assert board.pk not in api["leaders"].values()


def test_leaderboard_off_or_other_cohort_is_404(client_for, trainee, other_trainee, cohort, team):
    url = reverse("scoring:leaderboard", args=[cohort.pk])
    assert client_for(trainee).get(url).status_code == 404  # the cohort has it off
    cohort.leaderboard_enabled = True
    cohort.save()
    assert client_for(trainee).get(url).status_code == 200
    assert client_for(other_trainee).get(url).status_code == 404
    assert (
        client_for(other_trainee).get(f"/api/v1/cohorts/{cohort.pk}/leaderboard/").status_code
        == 404
    )


# --- API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 6])
def test_api_dashboard_rows(client_for, coach, cohort, team, extra, django_assert_num_queries):
    for i in range(extra):
        member(cohort, f"api{i}@example.com", "Api", f"N{i}")
    client = client_for(coach)
    url = f"/api/v1/cohorts/{cohort.pk}/dashboard/?sort=-ssi"
    # session, user, cohort, trainees, then the same reads as the web page (Vera and
    # the new members have no stored row yet: they are computed live)
    with django_assert_num_queries(6 + LIVE_QUERIES_WITHOUT_SSI):
        data = client.get(url).json()
    assert {"ssi", "change_30d", "brand", "estimate", "week_percent", "streak", "risk"} <= set(
        data["fields"]
    )
    first = data["rows"][0]
    assert first["trainee"]["first_name"] == "Tina" and first["values"]["ssi"] == 53.0
    assert first["values"]["change_30d"] == 13.0 and first["values"]["ssi_date"] == "2026-11-25"
    ugo = next(r for r in data["rows"] if r["trainee"]["first_name"] == "Ugo")
    assert "SSI down 8.0 points" in ugo["values"]["risk"]


def test_api_at_risk_and_export(client_for, coach, cohort, team):
    client = client_for(coach)
    risky = client.get(f"/api/v1/cohorts/{cohort.pk}/at-risk/").json()
    by_name = {r["name"]: [f["code"] for f in r["flags"]] for r in risky}
    assert by_name["Ugo Up"] == ["drop"] and "no_ssi" in by_name["Vera =cmd|calc"]
    assert "Tina Trainee" not in by_name
    export = client.get(f"/api/v1/cohorts/{cohort.pk}/export/csv/")
    assert export.content.startswith(b"\xef\xbb\xbf") and b"'=cmd|calc" in export.content
    history = client.get(f"/api/v1/snapshots/export/xlsx/?trainee={team['ugo'].pk}")
    assert history["Content-Type"].startswith("application/vnd.openxmlformats")


def test_cohort_at_risk_is_there_for_a_digest(cohort, team):
    from coaching.summaries import cohort_at_risk

    judged = cohort_at_risk(cohort, timezone.now())
    flags = {trainee.pk: found for trainee, found in judged}
    assert [t.first_name for t, _f in judged] == ["Vera", "Tina", "Ugo"]  # by name
    assert [f.code for f in flags[team["ugo"].pk]] == ["drop"]
    assert flags[team["tina"].pk] == []


def test_score_rows_agree_on_postgresql_and_through_the_orm(cohort, team):
    from scoring import selectors

    ids = [u.pk for u in team.values()]
    since = TODAY - timedelta(days=30)
    portable = selectors._score_facts_portable(ids, TODAY, since)
    if connection.vendor != "postgresql":
        pytest.skip("the lateral query is PostgreSQL's")
    lateral = selectors._score_facts_postgres(ids, TODAY, since)
    assert sorted(lateral) == sorted(portable)
    assert any(row[1] is not None for row in lateral)


def test_cells_are_made_only_for_what_the_page_uses(cohort, team):
    """Sorting by a column reads that column only; the rows shown make their cells."""
    from accounts.selectors import cohort_dashboard, dashboard_table

    board = cohort_dashboard(cohort, today=TODAY, now=timezone.now())
    assert [r.trainee.first_name for r in board.rows] == ["Vera", "Tina", "Ugo"]  # by name
    assert all(row.made is None for row in board.rows)
    by_ssi = cohort_dashboard(cohort, today=TODAY, now=timezone.now(), sort="-ssi")
    assert [r.trainee.first_name for r in by_ssi.rows] == ["Tina", "Ugo", "Vera"]
    assert all(row.made is None for row in by_ssi.rows)
    by_ssi = cohort_dashboard(cohort, today=TODAY, now=timezone.now(), sort="ssi")
    assert [r.trainee.first_name for r in by_ssi.rows] == ["Ugo", "Tina", "Vera"]  # none last
    headers, rows = dashboard_table(by_ssi)
    assert all(row.made is not None for row in by_ssi.rows)
    ssi = headers.index("Latest SSI")
    assert [row[ssi] for row in rows] == [52.0, 53.0, None]


@pytest.mark.parametrize(
    ("value", "sep", "shown"),
    [
        (2, ".", '<span class="delta-up">+2.00</span>'),
        (-1.5, ",", '<span class="delta-down">\u22121,50</span>'),
        (-0.004, ".", '<span class="">0.00</span>'),  # rounds to nothing: no sign, no colour
        (0.004, ".", '<span class="">0.00</span>'),
        (0.0, ".", '<span class="">0.00</span>'),
        (-0.005001, ".", '<span class="delta-down">\u22120.01</span>'),
    ],
)
def test_a_change_is_signed_as_it_is_shown(value, sep, shown):
    from scoring.panels import _delta_cell

    cell = _delta_cell(value, sep)
    assert cell.markup == shown
    assert cell.sort == value and cell.values == (value,)  # sorted and exported exactly
