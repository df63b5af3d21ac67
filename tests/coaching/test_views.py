"""Web pages: the trainee's week with htmx ticks, history, target, and the coach's views."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coaching import services
from coaching.models import CoachNote, Outcome, Plan, Task, TaskSource, TaskStatus
from scoring.models import Activity

from .conftest import MONDAY, TODAY

pytestmark = pytest.mark.django_db


def habit_on(trainee, day):
    return Task.objects.get(user=trainee, is_habit=True, due_date=day)


def add_coach_tasks(coach, trainee, n):
    for i in range(n):
        services.coach_task_add(
            coach=coach,
            trainees=[trainee],
            title=f"Coach task {i}",
            howto="Do it well.",
            pillar="relationships",
            factor="conversations_90d",
            minutes=5,
            due_date=TODAY + timedelta(days=i % 3),
        )


# --- The trainee's week ------------------------------------------------------------------------


def test_plan_page_groups_tasks_by_day_and_pillar_with_howto(client_for, trainee, plan):
    response = client_for(trainee).get(reverse("coaching:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This week's plan" in html
    days = re.findall(r'<section class="day card[^"]*" aria-labelledby="day-([\d-]+)"', html)
    assert days == ["2026-11-25", "2026-11-26", "2026-11-27"]
    assert html.count('class="badge habit"') == 3
    assert "How to do it" in html and "Raises: Days active (28 days)" in html
    assert 'class="pillar-heading pillar-people"' in html
    assert "Target and forecast" in html


def test_plan_page_is_in_italian(client_for, trainee, plan):
    trainee.language = "it"
    trainee.save()
    html = client_for(trainee).get(reverse("coaching:plan")).content.decode()
    assert "Dedica 10 minuti concentrati a LinkedIn" in html
    assert "Come fare" in html


def test_plan_page_query_count_does_not_grow_with_tasks(
    client_for, trainee, coach, plan, django_assert_num_queries
):
    client = client_for(trainee)
    # session, user, the plan + its tasks with templates, membership + cohort, the streak
    # (done habits, active days), the estimate, the previous week with a plan, snapshots
    # and estimates for the forecast, shared notes, the outcome
    with django_assert_num_queries(13) as few:
        client.get(reverse("coaching:plan"))
    add_coach_tasks(coach, trainee, 8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("coaching:plan"))
    assert response.content.decode().count("From your coach") == 8


def test_ticking_with_htmx_returns_the_task_and_fresh_stats(
    client_for, trainee, plan, htmx_headers
):
    habit = habit_on(trainee, TODAY)
    response = client_for(trainee).post(
        reverse("coaching:task_complete", args=[habit.pk]), **htmx_headers
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<body" not in html  # a fragment, not the page
    assert html.lstrip().startswith('<li class="task task-done task-habit')
    assert 'id="plan-stats"' in html and 'hx-swap-oob="true"' in html
    assert re.search(r'data-stat="streak">1<', html)
    assert "Undo" in html
    habit.refresh_from_db()
    assert habit.status == TaskStatus.DONE


def test_undo_with_htmx(client_for, trainee, plan, htmx_headers):
    habit = habit_on(trainee, TODAY)
    client = client_for(trainee)
    client.post(reverse("coaching:task_complete", args=[habit.pk]), **htmx_headers)
    response = client.post(reverse("coaching:task_undo", args=[habit.pk]), **htmx_headers)
    assert re.search(r'data-stat="streak">0<', response.content.decode())
    assert not Activity.objects.filter(user=trainee).exists()


def test_ticking_without_javascript_redirects_back_to_the_task(client_for, trainee, plan):
    habit = habit_on(trainee, TODAY)
    response = client_for(trainee).post(reverse("coaching:task_complete", args=[habit.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/plan/#task-{habit.pk}"


def test_skip_with_a_reason(client_for, trainee, plan, htmx_headers):
    task = plan.tasks.filter(is_habit=False).first()
    client = client_for(trainee)
    response = client.post(
        reverse("coaching:task_skip", args=[task.pk]),
        {"reason": "not_relevant", "note": "wrong market"},
        **htmx_headers,
    )
    assert "Skipped: Not relevant for me (wrong market)" in response.content.decode()
    response = client.post(
        reverse("coaching:task_skip", args=[task.pk]), {"reason": ""}, **htmx_headers
    )
    assert "Choose a reason for skipping." in response.content.decode()


def test_future_habit_shows_no_done_button(client_for, trainee, plan, htmx_headers):
    tomorrow = habit_on(trainee, TODAY + timedelta(days=1))
    client = client_for(trainee)
    html = client.get(reverse("coaching:plan")).content.decode()
    assert f'action="/tasks/{tomorrow.pk}/complete/"' not in html
    response = client.post(reverse("coaching:task_complete", args=[tomorrow.pk]), **htmx_headers)
    assert "tick it on that day or later, not before" in response.content.decode()
    tomorrow.refresh_from_db()
    assert tomorrow.status == TaskStatus.TODO


def test_past_week_and_history(client_for, trainee, frozen):
    last = services.plan_generate(user=trainee, week_start=MONDAY - timedelta(days=7))
    done = last.tasks.first()
    services.task_complete(task=done, actor=trainee)
    services.outcome_record(
        user=trainee,
        week_start=last.week_start,
        meetings_booked=4,
        opportunities_created=2,
        deals_won=1,
    )
    client = client_for(trainee)
    this_week = client.get(reverse("coaching:plan")).content.decode()
    assert 'href="/plan/2026-11-16/">Previous week' in this_week
    response = client.get(reverse("coaching:plan_week", args=[last.week_start]))
    assert "Plan for the week of Nov. 16, 2026" in response.content.decode()
    assert "Previous week" not in response.content.decode()  # no plan before that one
    history = client.get(reverse("coaching:plan_history")).content.decode()
    total = last.tasks.count()
    assert f"1/{total}" in history and f"{round(100 / total)}%" in history
    assert re.search(r'<td class="num">4</td>', history)
    # the current week redirects to the plain address; a week without plan is 404
    assert client.get(reverse("coaching:plan_week", args=[TODAY])).status_code == 302
    assert (
        client.get(reverse("coaching:plan_week", args=[MONDAY - timedelta(days=70)])).status_code
        == 404
    )


def test_history_query_count_does_not_grow_with_weeks(
    client_for, trainee, frozen, django_assert_num_queries
):
    services.plan_generate(user=trainee, week_start=MONDAY - timedelta(days=7))
    client = client_for(trainee)
    # session, user, the plans with their counts, their outcomes
    with django_assert_num_queries(4) as few:
        client.get(reverse("coaching:plan_history"))
    for weeks in range(2, 6):
        services.plan_generate(user=trainee, week_start=MONDAY - timedelta(days=7 * weeks))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("coaching:plan_history"))
    assert response.content.decode().count("/plan/2026-") == 5


def test_outcome_form(client_for, trainee, plan):
    client = client_for(trainee)
    response = client.post(
        reverse("coaching:outcome_save", args=[MONDAY]),
        {"meetings_booked": 3, "opportunities_created": 1, "deals_won": 0},
    )
    assert response.status_code == 302
    assert Outcome.objects.get(user=trainee, week_start=MONDAY).meetings_booked == 3
    response = client.post(
        reverse("coaching:outcome_save", args=[MONDAY]),
        {"meetings_booked": -1, "opportunities_created": "7", "deals_won": "two"},
    )
    assert Outcome.objects.get(user=trainee, week_start=MONDAY).meetings_booked == 3
    # Refused: the page again with what was typed, each field saying what is wrong.
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="meetings_booked" value="-1"' in html
    assert 'name="opportunities_created" value="7"' in html
    assert 'name="deals_won" value="two"' in html
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Enter a whole number." in html


def test_target_page(client_for, trainee, frozen):
    client = client_for(trainee)
    response = client.get(reverse("coaching:target"))
    assert "The target of Acme Sales is SSI 70" in response.content.decode()
    response = client.post(
        reverse("coaching:target"), {"target_ssi": "55", "target_date": "2027-01-31"}
    )
    assert response.status_code == 302
    membership = trainee.memberships.get()
    assert membership.target_ssi == 55
    html = client.get(reverse("coaching:plan")).content.decode()
    assert "Target: SSI 55 by" in html and "your own" in html


def test_shared_notes_reach_the_trainee_private_ones_never(client_for, coach, trainee, frozen):
    services.note_create(author=coach, trainee=trainee, body="Shared advice", visibility="shared")
    services.note_create(author=coach, trainee=trainee, body="Private worry")
    html = client_for(trainee).get(reverse("coaching:plan")).content.decode()
    assert "Shared advice" in html
    assert "Private worry" not in html


def test_nav_link_to_the_plan(client_for, trainee, frozen):
    html = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    assert 'href="/plan/"' in html
    assert "Today's plan" in html  # the dashboard panel


# --- Who must not see --------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, trainee, plan):
    habit = habit_on(trainee, TODAY)
    for url in (
        reverse("coaching:plan"),
        reverse("coaching:plan_history"),
        reverse("coaching:target"),
        reverse("coaching:coach_trainee_plan", args=[trainee.pk]),
    ):
        assert client.get(url)["Location"].startswith("/login/")
    response = client.post(reverse("coaching:task_complete", args=[habit.pk]))
    assert response["Location"].startswith("/login/")
    habit.refresh_from_db()
    assert habit.status == TaskStatus.TODO


@pytest.mark.parametrize("action", ["task_complete", "task_undo", "task_skip"])
def test_nobody_else_changes_a_trainees_task(
    client_for, trainee, other_trainee, coach, plan, action
):
    habit = habit_on(trainee, TODAY)
    for actor in (other_trainee, coach):
        response = client_for(actor).post(
            reverse(f"coaching:{action}", args=[habit.pk]), {"reason": "no_time"}
        )
        assert response.status_code == 404
    habit.refresh_from_db()
    assert habit.status == TaskStatus.TODO


def test_other_trainee_cannot_open_past_weeks_of_someone_else(
    client_for, trainee, other_trainee, frozen
):
    services.plan_generate(user=trainee, week_start=MONDAY - timedelta(days=7))
    response = client_for(other_trainee).get(
        reverse("coaching:plan_week", args=[MONDAY - timedelta(days=7)])
    )
    assert response.status_code == 404  # their own week has no plan; nobody else's is reachable


def test_coach_pages_are_404_for_other_coach_and_trainees(
    client_for, trainee, other_trainee, other_coach, cohort, frozen
):
    urls = [
        reverse("coaching:coach_trainee_plan", args=[trainee.pk]),
        reverse("coaching:coach_cohort", args=[cohort.pk]),
    ]
    for actor in (other_coach, other_trainee, trainee):
        for url in urls:
            assert client_for(actor).get(url).status_code == 404
    posts = {
        reverse("coaching:coach_task_create", args=[trainee.pk]): {
            "title": "x",
            "pillar": "brand",
            "minutes": 5,
            "due_date": "2026-11-26",
        },
        reverse("coaching:coach_note_create", args=[trainee.pk]): {
            "body": "x",
            "visibility": "private",
        },
        reverse("coaching:coach_trainee_strategy", args=[trainee.pk]): {"strategy": "weakest"},
        reverse("coaching:coach_trainee_target", args=[trainee.pk]): {"target_ssi": 90},
    }
    for actor in (other_coach, other_trainee):
        for url, data in posts.items():
            assert client_for(actor).post(url, data).status_code == 404
    assert not CoachNote.objects.exists()
    assert not Task.objects.filter(source=TaskSource.COACH).exists()
    assert trainee.memberships.get().target_ssi is None


def test_coach_pages_are_not_for_trainees_even_their_own(client_for, trainee, frozen):
    assert (
        client_for(trainee)
        .get(reverse("coaching:coach_trainee_plan", args=[trainee.pk]))
        .status_code
        == 404
    )


def test_trainee_pages_are_not_for_coaches(client_for, coach):
    assert client_for(coach).get(reverse("coaching:plan")).status_code == 404


# --- The coach's side --------------------------------------------------------------------------


def test_coach_sees_the_trainees_week_read_only(client_for, coach, trainee, frozen):
    services.plan_generate(user=trainee)  # the Monday job's work: pages never make plans
    response = client_for(coach).get(reverse("coaching:coach_trainee_plan", args=[trainee.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tina Trainee: this week" in html
    assert "/complete/" not in html  # coaches do not tick for the trainee
    assert "Add a task" in html and "Notes" in html and "Plan strategy" in html
    assert "This plan was made with: Strengthen the strongest pillar." in html
    assert "Next plans" not in html  # nothing changes with the next plan


def test_coach_page_header_and_panel_agree_on_the_strategy(client_for, coach, trainee, frozen):
    client = client_for(coach)
    services.plan_generate(user=trainee)  # this week's plan, as the Monday job makes it
    client.post(
        reverse("coaching:coach_trainee_strategy", args=[trainee.pk]), {"strategy": "weakest"}
    )
    html = client.get(reverse("coaching:coach_trainee_plan", args=[trainee.pk])).content.decode()
    # Both the header and the panel say what this plan used and what the next ones use.
    assert html.count("This plan was made with: Strengthen the strongest pillar") == 2
    assert html.count("Next plans: Lift the weakest pillar") == 2
    assert "In use:" not in html


def test_a_coachs_target_is_labelled_as_the_coachs(client_for, coach, trainee, frozen):
    client = client_for(coach)
    client.post(
        reverse("coaching:coach_trainee_target", args=[trainee.pk]),
        {"target_ssi": "66", "target_date": "2027-03-01"},
    )
    coach_html = client.get(
        reverse("coaching:coach_trainee_plan", args=[trainee.pk])
    ).content.decode()
    assert "coach's target, set by Carla" in coach_html
    # The forecast speaks about the trainee on the coach's page, not to them.
    assert "Tina" in coach_html.split('class="forecast-message')[1].split("</p>")[0]
    trainee_html = client_for(trainee).get(reverse("coaching:plan")).content.decode()
    assert "set by your coach" in trainee_html and "your own target" not in trainee_html


def test_coach_adds_a_task_that_the_trainee_sees_as_from_the_coach(
    client_for, coach, trainee, frozen
):
    response = client_for(coach).post(
        reverse("coaching:coach_task_create", args=[trainee.pk]),
        {
            "title": "Prepare three questions for Friday",
            "howto": "Think of the client's goals.",
            "pillar": "relationships",
            "factor": "conversations_90d",
            "minutes": 15,
            "due_date": "2026-11-27",
        },
    )
    assert response.status_code == 302
    html = client_for(trainee).get(reverse("coaching:plan")).content.decode()
    assert "Prepare three questions for Friday" in html
    assert "From your coach Carla" in html


def test_coach_task_with_a_factor_of_another_pillar_is_refused(client_for, coach, trainee, frozen):
    client = client_for(coach)
    client.post(
        reverse("coaching:coach_task_create", args=[trainee.pk]),
        {
            "title": "x",
            "pillar": "brand",
            "factor": "acceptance_rate",
            "minutes": 5,
            "due_date": "2026-11-27",
        },
    )
    assert not Task.objects.filter(source=TaskSource.COACH).exists()


def test_coach_writes_notes_and_sets_strategy_and_target(client_for, coach, trainee, frozen):
    client = client_for(coach)
    client.post(
        reverse("coaching:coach_note_create", args=[trainee.pk]),
        {"body": "Keep it up", "visibility": "shared"},
    )
    assert CoachNote.objects.get().visibility == "shared"
    client.post(
        reverse("coaching:coach_trainee_strategy", args=[trainee.pk]), {"strategy": "weakest"}
    )
    assert trainee.memberships.get().plan_strategy == "weakest"
    client.post(
        reverse("coaching:coach_trainee_target", args=[trainee.pk]),
        {"target_ssi": "60", "target_date": ""},
    )
    assert trainee.memberships.get().target_ssi == 60
    note = CoachNote.objects.get()
    client.post(reverse("coaching:coach_note_delete", args=[note.pk]))
    assert not CoachNote.objects.exists()


def test_other_coach_cannot_delete_a_note(client_for, coach, other_coach, trainee):
    note = services.note_create(author=coach, trainee=trainee, body="x")
    assert (
        client_for(other_coach)
        .post(reverse("coaching:coach_note_delete", args=[note.pk]))
        .status_code
        == 404
    )
    assert CoachNote.objects.filter(pk=note.pk).exists()


def test_coach_trainee_page_query_count_does_not_grow(
    client_for, coach, trainee, plan, django_assert_num_queries
):
    client = client_for(coach)
    # session, user, the trainee (permission), the plan + tasks, membership, streak (done
    # habits, active days), estimate, previous week, coached cohorts, snapshots,
    # estimates, notes, outcome, earlier weeks
    with django_assert_num_queries(16) as few:
        client.get(reverse("coaching:coach_trainee_plan", args=[trainee.pk]))
    add_coach_tasks(coach, trainee, 5)
    for _ in range(3):
        services.note_create(author=coach, trainee=trainee, body="note")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("coaching:coach_trainee_plan", args=[trainee.pk]))


def test_cohort_coaching_page(
    client_for, coach, cohort, trainee, frozen, django_assert_num_queries
):
    from tests.factories import UserFactory

    client = client_for(coach)
    services.plan_generate(user=trainee)
    services.outcome_record(
        user=trainee, week_start=MONDAY, meetings_booked=2, opportunities_created=1, deals_won=1
    )
    services.outcome_record(
        user=trainee,
        week_start=MONDAY - timedelta(days=21),
        meetings_booked=3,
        opportunities_created=0,
        deals_won=0,
    )
    services.outcome_record(  # five weeks ago: outside the four-week window
        user=trainee,
        week_start=MONDAY - timedelta(days=28),
        meetings_booked=50,
        opportunities_created=0,
        deals_won=0,
    )
    # session, user, cohort, trainees, week counts, streaks (habits and activity days in
    # one query per local day in use), outcome totals
    with django_assert_num_queries(7) as few:
        html = client.get(reverse("coaching:coach_cohort", args=[cohort.pk])).content.decode()
    assert re.search(
        r'<td class="num">5</td>\s*<td class="num">1</td>\s*<td class="num">1</td>', html
    )
    for _ in range(4):
        cohort.memberships.create(user=UserFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("coaching:coach_cohort", args=[cohort.pk]))
    assert response.content.decode().count("/coach/trainees/") == 5
    response = client.post(
        reverse("coaching:coach_cohort", args=[cohort.pk]),
        {"action": "strategy", "strategy": "weakest"},
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.plan_strategy == "weakest"
    client.post(
        reverse("coaching:coach_cohort", args=[cohort.pk]),
        {
            "action": "task",
            "title": "Webinar",
            "pillar": "insights",
            "minutes": 30,
            "due_date": "2026-11-26",
        },
    )
    assert Task.objects.filter(source=TaskSource.COACH).count() == 5
    assert Plan.objects.filter(user__in=cohort.trainees.all()).count() == 5


def test_cohort_table_has_coaching_columns(client_for, coach, cohort, trainee, plan):
    services.task_complete(task=habit_on(trainee, TODAY), actor=trainee)
    html = (
        client_for(coach).get(reverse("accounts:cohort_detail", args=[cohort.pk])).content.decode()
    )
    assert "Tasks this week" in html and "Streak" in html and "Attention" in html


def test_best_practices_page_by_factor(client_for, trainee, django_assert_num_queries):
    client = client_for(trainee)
    # session, user, the templates
    with django_assert_num_queries(3):
        html = client.get(reverse("coaching:catalogue")).content.decode()
    assert html.count('class="task pillar-') >= 30
    html = client.get(reverse("coaching:catalogue") + "?factor=posts_28d").content.decode()
    assert "What raises “Posts (28 days)”" in html
    assert "Publish a post in your niche" in html
    assert "Add a professional profile photo" not in html


def test_dashboard_panel_offers_to_make_the_plan_without_making_it(client_for, trainee, frozen):
    from django.test.utils import override_settings

    with override_settings(DASHBOARD_PANELS=["coaching.panels.plan_panel"]):
        html = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    assert not Plan.objects.filter(user=trainee).exists()
    assert "No plan for this week yet." in html
    create = reverse("coaching:plan_create")
    assert f'action="{create}"' in html and f'hx-post="{create}"' in html


def test_dashboard_panel_shows_the_plan_in_three_queries(
    client_for, trainee, plan, django_assert_num_queries
):
    from django.test.utils import override_settings

    client = client_for(trainee)
    with override_settings(DASHBOARD_PANELS=["coaching.panels.plan_panel"]):
        html = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Spend 10 focused minutes on LinkedIn" in html  # today's tasks
        # session, user, memberships (accounts); the plan and its tasks, the streak (done
        # habits, active days)
        with django_assert_num_queries(7):
            client.get(reverse("accounts:dashboard"))


def test_coach_sees_the_panel_without_making_a_plan(client_for, coach, trainee, frozen):
    html = (
        client_for(coach)
        .get(reverse("accounts:trainee_detail", args=[trainee.pk]))
        .content.decode()
    )
    assert "No plan for this week yet." in html
    create = reverse("coaching:coach_trainee_plan_create", args=[trainee.pk])
    assert f'action="{create}"' in html
    assert not Plan.objects.filter(user=trainee).exists()


# --- No plan yet: the page says so, a POST makes it -------------------------------------------


def test_plan_page_without_a_plan_says_so_and_makes_none(client_for, trainee, frozen):
    response = client_for(trainee).get(reverse("coaching:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No plan for this week yet" in html
    create = reverse("coaching:plan_create")
    assert f'<form method="post" action="{create}" hx-post="{create}">' in html
    assert "Target and forecast" in html  # the rest of the page is there
    assert reverse("coaching:outcome_save", args=[MONDAY]) in html
    assert not Plan.objects.exists()


def test_plan_page_without_a_plan_in_italian(client_for, trainee, frozen):
    trainee.language = "it"
    trainee.save()
    html = client_for(trainee).get(reverse("coaching:plan")).content.decode()
    assert "Ancora nessun piano per questa settimana" in html
    assert "Prepara il piano della settimana" in html


def test_trainee_makes_this_weeks_plan_with_a_post(client_for, trainee, frozen):
    client = client_for(trainee)
    response = client.post(reverse("coaching:plan_create"))
    assert response.status_code == 302 and response.url == reverse("coaching:plan")
    plan = Plan.objects.get(user=trainee)
    assert plan.week_start == MONDAY and plan.tasks.exists()
    # Twice (a double click) is still one plan.
    client.post(reverse("coaching:plan_create"))
    assert Plan.objects.filter(user=trainee).count() == 1
    html = client.get(reverse("coaching:plan")).content.decode()
    assert "This week&#x27;s plan is ready." in html
    assert "No plan for this week yet" not in html


def test_plan_create_with_htmx_redirects_the_browser(client_for, trainee, frozen, htmx_headers):
    response = client_for(trainee).post(reverse("coaching:plan_create"), **htmx_headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("coaching:plan")
    assert Plan.objects.filter(user=trainee, week_start=MONDAY).exists()


def test_plan_create_refuses_get_and_coaches(client_for, trainee, coach, frozen):
    assert client_for(trainee).get(reverse("coaching:plan_create")).status_code == 405
    assert client_for(coach).post(reverse("coaching:plan_create")).status_code == 404
    assert not Plan.objects.exists()


def test_coach_page_without_a_plan_says_so_and_makes_none(client_for, coach, trainee, frozen):
    response = client_for(coach).get(reverse("coaching:coach_trainee_plan", args=[trainee.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "has none for this week yet" in html
    assert reverse("coaching:coach_trainee_plan_create", args=[trainee.pk]) in html
    assert "Add a task" in html and "Notes" in html  # the coach's tools stay
    assert not Plan.objects.exists()


def test_coach_makes_the_plan_of_a_trainee_they_coach(client_for, coach, trainee, frozen):
    url = reverse("coaching:coach_trainee_plan_create", args=[trainee.pk])
    response = client_for(coach).post(url)
    assert response.status_code == 302
    assert response.url == reverse("coaching:coach_trainee_plan", args=[trainee.pk])
    assert Plan.objects.get(user=trainee).week_start == MONDAY


@pytest.mark.parametrize("actor", ["other_coach", "other_trainee", "trainee"])
def test_only_a_coach_of_the_trainee_makes_their_plan(request, client_for, trainee, actor, frozen):
    url = reverse("coaching:coach_trainee_plan_create", args=[trainee.pk])
    assert client_for(request.getfixturevalue(actor)).post(url).status_code == 404
    assert not Plan.objects.exists()


def test_anonymous_cannot_make_a_plan(client, trainee, frozen):
    response = client.post(reverse("coaching:plan_create"))
    assert response.status_code == 302 and "/login/" in response.url
    url = reverse("coaching:coach_trainee_plan_create", args=[trainee.pk])
    assert "/login/" in client.post(url).url
    assert not Plan.objects.exists()


def test_coach_task_for_a_past_day_says_why_in_plain_words(client_for, coach, trainee, frozen):
    response = client_for(coach).post(
        reverse("coaching:coach_task_create", args=[trainee.pk]),
        {"title": "Late", "pillar": "brand", "minutes": 5, "due_date": "2026-11-01"},
        follow=True,
    )
    html = response.content.decode()
    assert "Choose today or a later day." in html
    assert "{&#x27;due_date" not in html and "[&#x27;" not in html
    assert not Task.objects.filter(source=TaskSource.COACH).exists()
