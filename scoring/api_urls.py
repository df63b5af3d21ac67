from django.urls import path

from .archive import api as archive_api

urlpatterns: list = [
    path(
        "archive-imports/", archive_api.ArchiveImportListView.as_view(), name="archive-import-list"
    ),
    path(
        "archive-imports/<int:pk>/",
        archive_api.ArchiveImportDetailView.as_view(),
        name="archive-import-detail",
    ),
]
