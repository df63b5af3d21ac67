from django.urls import path

from . import api
from .archive import api as archive_api

urlpatterns = [
    path("snapshots/", api.SnapshotListView.as_view(), name="snapshot-list"),
    path("snapshots/parse/", api.PasteParseView.as_view(), name="snapshot-parse"),
    path("snapshots/export/<str:fmt>/", api.HistoryExportView.as_view(), name="snapshot-export"),
    path("snapshots/<int:pk>/", api.SnapshotDetailView.as_view(), name="snapshot-detail"),
    path("activities/", api.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", api.ActivityDetailView.as_view(), name="activity-detail"),
    path("estimates/", api.EstimateListView.as_view(), name="estimate-list"),
    path("estimates/latest/", api.LatestEstimateView.as_view(), name="estimate-latest"),
    path("estimates/<int:pk>/", api.EstimateDetailView.as_view(), name="estimate-detail"),
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
]
