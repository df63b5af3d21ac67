from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/tokens/", views.api_token_create, name="api_token_create"),
    path(
        "settings/tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("language/", views.language_switch, name="language_switch"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("coach/", views.cohort_list, name="cohort_list"),
    path("coach/cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path(
        "coach/cohorts/<int:cohort_id>/export.<str:fmt>",
        views.cohort_export,
        name="cohort_export",
    ),
    path("coach/trainees/<int:trainee_id>/", views.trainee_detail, name="trainee_detail"),
]
