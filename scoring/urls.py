from django.urls import path

from . import views
from .archive import views as archive_views

app_name = "scoring"

urlpatterns = [
    path("ssi/", views.history, name="history"),
    path("ssi/new/", views.snapshot_new, name="snapshot_new"),
    path("ssi/paste/", views.snapshot_paste, name="snapshot_paste"),
    path("ssi/<int:pk>/edit/", views.snapshot_edit, name="snapshot_edit"),
    path("ssi/<int:pk>/delete/", views.snapshot_delete, name="snapshot_delete"),
    path("ssi/charts/", views.charts, name="charts"),
    path("ssi/why/", views.why, name="why"),
    path("signals/activity/", views.activity, name="activity"),
    path("signals/activity/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("signals/profile/", views.profile, name="profile"),
    path("signals/network/", views.network, name="network"),
    path("archive/", archive_views.archive_import, name="archive_import"),
    path(
        "archive/<int:import_id>/",
        archive_views.archive_import_detail,
        name="archive_import_detail",
    ),
    path(
        "archive/<int:import_id>/accept/",
        archive_views.archive_import_accept,
        name="archive_import_accept",
    ),
    # The same read pages for a coach (or staff) looking at a trainee.
    path("coach/trainees/<int:trainee_id>/ssi/", views.history, name="history_for"),
    path("coach/trainees/<int:trainee_id>/ssi/charts/", views.charts, name="charts_for"),
    path("coach/trainees/<int:trainee_id>/ssi/why/", views.why, name="why_for"),
    path(
        "coach/trainees/<int:trainee_id>/ssi/<int:pk>/verify/",
        views.snapshot_verify,
        name="snapshot_verify",
    ),
    path(
        "coach/trainees/<int:trainee_id>/ssi/export.<str:fmt>",
        views.history_export,
        name="history_export_for",
    ),
    path("coach/trainees/<int:trainee_id>/activity/", views.activity_for, name="activity_for"),
    path("coach/trainees/<int:trainee_id>/signals/", views.signals_for, name="signals_for"),
    path("ssi/export.<str:fmt>", views.history_export, name="history_export"),
    path("cohorts/<int:cohort_id>/leaderboard/", views.leaderboard, name="leaderboard"),
]
