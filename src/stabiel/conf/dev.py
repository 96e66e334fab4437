"""Local development: `make run` needs no environment variable at all."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
os.environ.setdefault("PSEUDONYM_KEY", "dev-only-pseudonym-key")
# Debug off, as a municipality would run it: the product's own error pages, no URL map, and
# static files through WhiteNoise from `collectstatic` (the Makefile's run target does that).
# `DEBUG=true make run` for Django's debug pages while developing.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "false")
# Demo users and the shared crawl tools log in with a password only; the login page says so.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: F403
