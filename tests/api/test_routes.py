"""Every API route keeps the path and name that clients and tests use."""

import pytest
from django.urls import resolve, reverse

ROUTES = [
    ("api:me", [], "/api/v1/me/"),
    ("api:token", [], "/api/v1/auth/token/"),
    ("api:cohort-dashboard", [3], "/api/v1/cohorts/3/dashboard/"),
    ("api:cohort-export", [3, "csv"], "/api/v1/cohorts/3/export/csv/"),
    ("api:snapshot-list", [], "/api/v1/snapshots/"),
    ("api:snapshot-detail", [7], "/api/v1/snapshots/7/"),
    ("api:snapshot-parse", [], "/api/v1/snapshots/parse/"),
    ("api:snapshot-export", ["xlsx"], "/api/v1/snapshots/export/xlsx/"),
    ("api:activity-list", [], "/api/v1/activities/"),
    ("api:activity-detail", [7], "/api/v1/activities/7/"),
    ("api:estimate-list", [], "/api/v1/estimates/"),
    ("api:estimate-detail", [7], "/api/v1/estimates/7/"),
    ("api:estimate-latest", [], "/api/v1/estimates/latest/"),
    ("api:cohort-leaderboard", [3], "/api/v1/cohorts/3/leaderboard/"),
    ("api:profile-state", [], "/api/v1/profile/"),
    ("api:network-state", [], "/api/v1/network/"),
    ("api:archive-import-list", [], "/api/v1/archive-imports/"),
    ("api:archive-import-detail", [7], "/api/v1/archive-imports/7/"),
    ("api:coaching-plans", [], "/api/v1/plans/"),
    ("api:coaching-plan-current", [], "/api/v1/plans/current/"),
    ("api:coaching-plan-detail", [7], "/api/v1/plans/7/"),
    ("api:coaching-task-complete", [7], "/api/v1/tasks/7/complete/"),
    ("api:coaching-task-skip", [7], "/api/v1/tasks/7/skip/"),
    ("api:coaching-task-undo", [7], "/api/v1/tasks/7/undo/"),
    ("api:coaching-trainee-tasks", [7], "/api/v1/trainees/7/tasks/"),
    ("api:coaching-cohort-tasks", [3], "/api/v1/cohorts/3/tasks/"),
    ("api:coaching-task-templates", [], "/api/v1/task-templates/"),
    ("api:coaching-cohort-strategy", [3], "/api/v1/cohorts/3/strategy/"),
    ("api:coaching-trainee-strategy", [7], "/api/v1/trainees/7/strategy/"),
    ("api:coaching-outcomes", [], "/api/v1/outcomes/"),
    ("api:coaching-notes", [7], "/api/v1/trainees/7/notes/"),
    ("api:coaching-target", [], "/api/v1/target/"),
    ("api:cohort-at-risk", [3], "/api/v1/cohorts/3/at-risk/"),
]


@pytest.mark.parametrize(("name", "args", "path"), ROUTES)
def test_route_keeps_its_path_and_name(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name


def test_the_words_after_snapshots_are_not_taken_for_an_id():
    assert resolve("/api/v1/snapshots/parse/").view_name == "api:snapshot-parse"
    assert resolve("/api/v1/estimates/latest/").view_name == "api:estimate-latest"
