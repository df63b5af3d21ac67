from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api
from .archive import api as archive_api

router = SimpleRouter()
router.register("snapshots", api.SnapshotViewSet, basename="snapshot")
router.register("activities", api.ActivityViewSet, basename="activity")
router.register("estimates", api.EstimateViewSet, basename="estimate")

urlpatterns = [
    path("snapshots/parse/", api.PasteParseView.as_view(), name="snapshot-parse"),
    path("snapshots/export/<str:fmt>/", api.HistoryExportView.as_view(), name="snapshot-export"),
    path(
        "cohorts/<int:cohort_id>/leaderboard/",
        api.LeaderboardView.as_view(),
        name="cohort-leaderboard",
    ),
    path("profile/", api.ProfileStateView.as_view(), name="profile-state"),
    path("network/", api.NetworkStateView.as_view(), name="network-state"),
    path(
        "archive-imports/", archive_api.ArchiveImportListView.as_view(), name="archive-import-list"
    ),
    path(
        "archive-imports/<int:pk>/",
        archive_api.ArchiveImportDetailView.as_view(),
        name="archive-import-detail",
    ),
    *router.urls,
]
