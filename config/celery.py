import os

from celery import Celery

# A worker or beat started without DJANGO_SETTINGS_MODULE runs as in production, where the
# settings refuse to start without a SECRET_KEY and ALLOWED_HOSTS: never with DEBUG on and the
# development key. `make run` names the local settings itself.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("complaint_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
