from datetime import date

from django.urls import path, register_converter

from . import views
from .reminders import views as reminder_views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(IsoDateConverter, "coaching_date")

app_name = "coaching"

urlpatterns = [
    path("notifications/", reminder_views.notifications, name="notifications"),
    path("notifications/bell/", reminder_views.notification_bell, name="notification_bell"),
    path(
        "notifications/<int:notification_id>/read/",
        reminder_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        reminder_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("plan/", views.plan_current, name="plan"),
    path("plan/create/", views.plan_create, name="plan_create"),
    path("plan/history/", views.plan_history, name="plan_history"),
    path("plan/<coaching_date:week>/", views.plan_week, name="plan_week"),
    path("plan/<coaching_date:week>/outcomes/", views.outcome_save, name="outcome_save"),
    path("plan/target/", views.target_edit, name="target"),
    path("plan/best-practices/", views.catalogue, name="catalogue"),
    path(
        "plan/best-practices/<slug:slug>/add/",
        views.catalogue_add,
        name="catalogue_add",
    ),
    path("tasks/<int:task_id>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<int:task_id>/skip/", views.task_skip, name="task_skip"),
    path("tasks/<int:task_id>/undo/", views.task_undo, name="task_undo"),
    path(
        "coach/trainees/<int:trainee_id>/plan/",
        views.coach_trainee_plan,
        name="coach_trainee_plan",
    ),
    path(
        "coach/trainees/<int:trainee_id>/plan/create/",
        views.coach_trainee_plan_create,
        name="coach_trainee_plan_create",
    ),
    path(
        "coach/trainees/<int:trainee_id>/plan/<coaching_date:week>/",
        views.coach_trainee_plan,
        name="coach_trainee_plan_week",
    ),
    path(
        "coach/trainees/<int:trainee_id>/tasks/",
        views.coach_task_create,
        name="coach_task_create",
    ),
    path(
        "coach/trainees/<int:trainee_id>/notes/",
        views.coach_note_create,
        name="coach_note_create",
    ),
    path("coach/notes/<int:note_id>/delete/", views.coach_note_delete, name="coach_note_delete"),
    path(
        "coach/trainees/<int:trainee_id>/strategy/",
        views.coach_trainee_strategy,
        name="coach_trainee_strategy",
    ),
    path(
        "coach/trainees/<int:trainee_id>/target/",
        views.coach_trainee_target,
        name="coach_trainee_target",
    ),
    path("coach/cohorts/<int:cohort_id>/coaching/", views.coach_cohort, name="coach_cohort"),
]
