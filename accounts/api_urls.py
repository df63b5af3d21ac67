from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("auth/token/", api.ObtainTokenView.as_view(), name="token"),
    path(
        "cohorts/<int:cohort_id>/dashboard/",
        api.CohortDashboardView.as_view(),
        name="cohort-dashboard",
    ),
    path(
        "cohorts/<int:cohort_id>/export/<str:fmt>/",
        api.CohortExportView.as_view(),
        name="cohort-export",
    ),
]
