"""The Celery application, configured from Django settings (``CELERY_`` prefix)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("ssi_coach")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
