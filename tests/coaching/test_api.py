"""The coaching API: same permissions as the web, constant queries on lists."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from coaching import services
from coaching.models import CoachNote, Outcome, Task, TaskSource, TaskStatus
from scoring.models import Activity
from tests.api_status import ANONYMOUS

from .conftest import MONDAY, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_user(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user


def habit_on(trainee, day):
    return Task.objects.get(user=trainee, is_habit=True, due_date=day)


# --- Plans and tasks ---------------------------------------------------------------------------


def test_current_plan_is_not_made_by_a_get(api, trainee, frozen):
    from coaching.models import Plan

    response = api(trainee).get("/api/v1/plans/current/")
    assert response.status_code == 404
    assert "POST" in response.json()["detail"]
    assert not Plan.objects.exists()


def test_current_plan_is_made_by_a_post(api, trainee, frozen):
    client = api(trainee)
    response = client.post("/api/v1/plans/current/")
    assert response.status_code == 201
    assert client.post("/api/v1/plans/current/").status_code == 200  # made once
    response = client.get("/api/v1/plans/current/")
    assert response.status_code == 200
    body = response.json()
    assert body["week_start"] == "2026-11-23"
    assert {t["due_date"] for t in body["tasks"] if t["is_habit"]} == {
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
    }
    habit = next(t for t in body["tasks"] if t["is_habit"])
    assert habit["template"] == "daily-linkedin-session"
    assert habit["title"] == "Spend 10 focused minutes on LinkedIn"


def test_a_coach_makes_the_current_plan_of_their_trainee_only(
    api, coach, other_coach, trainee, other_trainee, frozen
):
    from coaching.models import Plan

    url = f"/api/v1/plans/current/?trainee={trainee.pk}"
    assert api(other_coach).post(url).status_code == 404
    assert api(other_trainee).post(url).status_code == 404
    assert api().post(url).status_code == 401  # no credentials: refused
    assert not Plan.objects.exists()
    assert api(coach).post(url).status_code == 201
    assert api(coach).post("/api/v1/plans/current/").status_code == 404  # coaches have none
    assert Plan.objects.get().user == trainee


def test_plan_list_with_counts(api, trainee, plan):
    services.task_complete(task=habit_on(trainee, TODAY), actor=trainee)
    body = api(trainee).get("/api/v1/plans/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["tasks_done"] == 1 and row["tasks_total"] == plan.tasks.count()


def test_plan_list_query_count_does_not_grow(api, trainee, frozen, django_assert_num_queries):
    client = api(trainee)
    services.plan_generate(user=trainee)
    # count, the page of plans with their task counts
    with django_assert_num_queries(2):
        client.get("/api/v1/plans/")
    for weeks in range(1, 6):
        services.plan_generate(user=trainee, week_start=MONDAY - timedelta(days=7 * weeks))
    with django_assert_num_queries(2):
        assert client.get("/api/v1/plans/").json()["count"] == 6


def test_complete_skip_undo(api, trainee, plan):
    client = api(trainee)
    habit = habit_on(trainee, TODAY)
    response = client.post(f"/api/v1/tasks/{habit.pk}/complete/")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert Activity.objects.filter(user=trainee, external_key=habit.activity_key).exists()
    response = client.post(f"/api/v1/tasks/{habit.pk}/undo/")
    assert response.json()["status"] == "todo"
    assert not Activity.objects.filter(user=trainee).exists()
    other = plan.tasks.filter(is_habit=False).first()
    response = client.post(f"/api/v1/tasks/{other.pk}/skip/", {"reason": "bogus"})
    assert response.status_code == 400
    response = client.post(f"/api/v1/tasks/{other.pk}/skip/", {"reason": "no_time"})
    assert response.json()["skip_reason"] == "no_time"


def test_future_habit_is_a_400(api, trainee, plan):
    tomorrow = habit_on(trainee, TODAY + timedelta(days=1))
    response = api(trainee).post(f"/api/v1/tasks/{tomorrow.pk}/complete/")
    assert response.status_code == 400


def test_coach_reads_the_trainees_plans_but_cannot_tick(api, coach, trainee, plan):
    client = api(coach)
    assert client.get(f"/api/v1/plans/?trainee={trainee.pk}").json()["count"] == 1
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 200
    habit = habit_on(trainee, TODAY)
    assert client.post(f"/api/v1/tasks/{habit.pk}/complete/").status_code == 404
    habit.refresh_from_db()
    assert habit.status == TaskStatus.TODO


@pytest.mark.parametrize("who", ["other_trainee", "other_coach"])
def test_outsiders_get_404(api, request, trainee, plan, who):
    client = api(request.getfixturevalue(who))
    habit = habit_on(trainee, TODAY)
    assert client.get(f"/api/v1/plans/?trainee={trainee.pk}").status_code == 404
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/plans/current/?trainee={trainee.pk}").status_code == 404
    for action in ("complete", "undo", "skip"):
        response = client.post(f"/api/v1/tasks/{habit.pk}/{action}/", {"reason": "no_time"})
        assert response.status_code == 404
    assert client.get(f"/api/v1/outcomes/?trainee={trainee.pk}").status_code == 404
    assert client.get(f"/api/v1/trainees/{trainee.pk}/notes/").status_code == 404
    assert client.get(f"/api/v1/target/?trainee={trainee.pk}").status_code == 404
    response = client.post(
        f"/api/v1/trainees/{trainee.pk}/tasks/",
        {"title": "x", "pillar": "brand", "minutes": 5, "due_date": "2026-11-26"},
    )
    assert response.status_code == 404
    assert not Task.objects.filter(source=TaskSource.COACH).exists()


def test_anonymous_gets_nothing(api, trainee, plan):
    client = api()
    habit = habit_on(trainee, TODAY)
    for url in ("/api/v1/plans/", "/api/v1/plans/current/", "/api/v1/outcomes/", "/api/v1/target/"):
        assert client.get(url).status_code == ANONYMOUS
    assert client.post(f"/api/v1/tasks/{habit.pk}/complete/").status_code == ANONYMOUS


def test_coach_adds_tasks_for_a_trainee_and_a_cohort(api, coach, cohort, trainee, frozen):
    client = api(coach)
    payload = {
        "title": "Ask for a referral",
        "pillar": "relationships",
        "factor": "conversations_90d",
        "minutes": 10,
        "due_date": "2026-11-26",
    }
    response = client.post(f"/api/v1/trainees/{trainee.pk}/tasks/", payload)
    assert response.status_code == 201
    assert response.json()[0]["source"] == "coach"
    response = client.post(f"/api/v1/cohorts/{cohort.pk}/tasks/", payload)
    assert response.status_code == 201 and len(response.json()) == 1
    bad = payload | {"factor": "posts_28d"}
    assert client.post(f"/api/v1/trainees/{trainee.pk}/tasks/", bad).status_code == 400


def test_trainee_cannot_add_coach_tasks(api, trainee, cohort, frozen):
    payload = {"title": "x", "pillar": "brand", "minutes": 5, "due_date": "2026-11-26"}
    assert api(trainee).post(f"/api/v1/trainees/{trainee.pk}/tasks/", payload).status_code == 403
    assert api(trainee).post(f"/api/v1/cohorts/{cohort.pk}/tasks/", payload).status_code == 404


# --- Outcomes, notes, targets ------------------------------------------------------------------


def test_outcomes_upsert_and_list(api, trainee, coach, django_assert_num_queries):
    client = api(trainee)
    data = {
        "week_start": "2026-11-23",
        "meetings_booked": 2,
        "opportunities_created": 1,
        "deals_won": 0,
    }
    assert client.post("/api/v1/outcomes/", data).status_code == 201
    assert client.post("/api/v1/outcomes/", data | {"deals_won": 1}).status_code == 201
    assert Outcome.objects.get(user=trainee).deals_won == 1
    assert client.post("/api/v1/outcomes/", data | {"week_start": "2026-11-24"}).status_code == 400
    for weeks in range(1, 5):
        Outcome.objects.create(user=trainee, week_start=MONDAY - timedelta(days=7 * weeks))
    # count, page
    with django_assert_num_queries(2):
        assert client.get("/api/v1/outcomes/").json()["count"] == 5
    coach_client = api(coach)
    assert coach_client.get(f"/api/v1/outcomes/?trainee={trainee.pk}").json()["count"] == 5
    assert coach_client.post("/api/v1/outcomes/", data).status_code == 403


def test_private_notes_never_reach_the_trainee(api, coach, trainee, django_assert_num_queries):
    client = api(coach)
    response = client.post(
        f"/api/v1/trainees/{trainee.pk}/notes/", {"body": "Shared tip", "visibility": "shared"}
    )
    assert response.status_code == 201
    client.post(
        f"/api/v1/trainees/{trainee.pk}/notes/", {"body": "Private", "visibility": "private"}
    )
    assert client.get(f"/api/v1/trainees/{trainee.pk}/notes/").json()["count"] == 2
    trainee_view = api(trainee).get(f"/api/v1/trainees/{trainee.pk}/notes/").json()
    assert [n["body"] for n in trainee_view["results"]] == ["Shared tip"]
    assert (
        api(trainee).post(f"/api/v1/trainees/{trainee.pk}/notes/", {"body": "x"}).status_code == 403
    )
    for _ in range(5):
        services.note_create(author=coach, trainee=trainee, body="more")
    # the trainee (permission), count, page with authors
    with django_assert_num_queries(3):
        assert client.get(f"/api/v1/trainees/{trainee.pk}/notes/").json()["count"] == 7


def test_notes_of_another_cohort_stay_there(api, coach, trainee, other_cohort, other_coach):
    # the trainee also joins another cohort: its coach sees none of the first cohort's notes
    other_cohort.memberships.create(user=trainee)
    services.note_create(author=coach, trainee=trainee, body="Ours", visibility="shared")
    body = api(other_coach).get(f"/api/v1/trainees/{trainee.pk}/notes/").json()
    assert body["count"] == 0
    assert CoachNote.objects.count() == 1


def test_target_and_forecast(api, trainee, coach, frozen):
    client = api(trainee)
    body = client.get("/api/v1/target/").json()
    assert body["target_ssi"] == 70 and body["own"] is False
    assert body["forecast"]["status"] == "no_data"
    response = client.put("/api/v1/target/", {"target_ssi": 60, "target_date": "2027-02-01"})
    assert response.status_code == 200
    assert response.json()["target_ssi"] == 60 and response.json()["own"] is True
    assert response.json()["set_by_coach"] is False
    response = api(coach).put(
        f"/api/v1/target/?trainee={trainee.pk}", {"target_ssi": 65, "target_date": None}
    )
    assert response.json()["target_ssi"] == 65
    assert client.get("/api/v1/target/").json()["set_by_coach"] is True
    assert client.put("/api/v1/target/", {"target_ssi": 0, "target_date": None}).status_code == 400


def test_catalogue_list_filters_and_query_count(api, trainee, django_assert_num_queries):
    client = api(trainee)
    # count, page
    with django_assert_num_queries(2):
        body = client.get("/api/v1/task-templates/?limit=100").json()
    assert body["count"] >= 30
    body = client.get("/api/v1/task-templates/?factor=comments_28d").json()
    assert [t["slug"] for t in body["results"]] == ["comment-opinion-posts"]
    assert body["results"][0]["title"] == "Comment usefully on two posts that ask for an opinion"
    assert api().get("/api/v1/task-templates/").status_code == ANONYMOUS


def test_strategy_endpoints(api, coach, other_coach, cohort, trainee):
    client = api(coach)
    response = client.put(f"/api/v1/cohorts/{cohort.pk}/strategy/", {"strategy": "efficient"})
    assert response.json() == {"strategy": "efficient"}
    response = client.put(f"/api/v1/trainees/{trainee.pk}/strategy/", {"strategy": "weakest"})
    assert response.json() == {"strategy": "weakest"}
    response = client.put(f"/api/v1/trainees/{trainee.pk}/strategy/", {"strategy": ""})
    assert response.json() == {"strategy": "efficient"}  # back to the cohort's
    assert (
        client.put(f"/api/v1/cohorts/{cohort.pk}/strategy/", {"strategy": "random"}).status_code
        == 400
    )
    outsider = api(other_coach)
    assert (
        outsider.put(f"/api/v1/cohorts/{cohort.pk}/strategy/", {"strategy": "weakest"}).status_code
        == 404
    )
    assert (
        outsider.put(
            f"/api/v1/trainees/{trainee.pk}/strategy/", {"strategy": "weakest"}
        ).status_code
        == 404
    )
    assert (
        api(trainee)
        .put(f"/api/v1/trainees/{trainee.pk}/strategy/", {"strategy": "weakest"})
        .status_code
        == 403
    )
    cohort.refresh_from_db()
    assert cohort.plan_strategy == "efficient"


def test_an_outcome_needs_its_three_numbers(api, trainee):
    # Found by Schemathesis: a missing number reached the service and answered 500.
    response = api(trainee).post("/api/v1/outcomes/", {"week_start": MONDAY.isoformat()})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {
        "meetings_booked",
        "opportunities_created",
        "deals_won",
    }
