from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("settings/privacy/export/", views.export, name="export"),
    path("settings/privacy/delete/", views.delete, name="delete"),
    path("account-deleted/", views.deleted, name="deleted"),
]
