from django.urls import path

from . import api

urlpatterns = [
    path("plans/", api.PlanListView.as_view(), name="coaching-plans"),
    path("plans/current/", api.CurrentPlanView.as_view(), name="coaching-plan-current"),
    path("plans/<int:pk>/", api.PlanDetailView.as_view(), name="coaching-plan-detail"),
    path(
        "tasks/<int:task_id>/complete/",
        api.TaskCompleteView.as_view(),
        name="coaching-task-complete",
    ),
    path("tasks/<int:task_id>/skip/", api.TaskSkipView.as_view(), name="coaching-task-skip"),
    path("tasks/<int:task_id>/undo/", api.TaskUndoView.as_view(), name="coaching-task-undo"),
    path(
        "trainees/<int:trainee_id>/tasks/",
        api.TraineeTaskCreateView.as_view(),
        name="coaching-trainee-tasks",
    ),
    path(
        "cohorts/<int:cohort_id>/tasks/",
        api.CohortTaskCreateView.as_view(),
        name="coaching-cohort-tasks",
    ),
    path("task-templates/", api.CatalogueListView.as_view(), name="coaching-task-templates"),
    path(
        "cohorts/<int:cohort_id>/strategy/",
        api.CohortStrategyView.as_view(),
        name="coaching-cohort-strategy",
    ),
    path(
        "trainees/<int:trainee_id>/strategy/",
        api.TraineeStrategyView.as_view(),
        name="coaching-trainee-strategy",
    ),
    path("outcomes/", api.OutcomeListView.as_view(), name="coaching-outcomes"),
    path("trainees/<int:trainee_id>/notes/", api.NoteListView.as_view(), name="coaching-notes"),
    path("target/", api.TargetView.as_view(), name="coaching-target"),
    path("cohorts/<int:cohort_id>/at-risk/", api.CohortAtRiskView.as_view(), name="cohort-at-risk"),
]
