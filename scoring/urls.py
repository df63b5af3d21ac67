from django.urls import path

from .archive import views as archive_views

app_name = "scoring"

urlpatterns: list = [
    path("archive/", archive_views.archive_import, name="archive_import"),
    path(
        "archive/<int:import_id>/",
        archive_views.archive_import_detail,
        name="archive_import_detail",
    ),
]
