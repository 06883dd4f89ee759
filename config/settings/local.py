"""Development on one machine: embedded defaults, debug pages on unless DEBUG=false."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
os.environ.setdefault("LOG_FORMAT", "plain")  # readable in a terminal

from .base import *  # noqa: E402,F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
