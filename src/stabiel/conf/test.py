"""Tests: same settings as production, with fixed keys and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-key")
os.environ.setdefault("PSEUDONYM_KEY", "test-pseudonym-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "false")
# Demo users and the shared crawl tools log in with a password only; the login page says so.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; never in base
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Django's test client logs in without a request, which django-axes refuses; the lockout has its
# own tests that switch it on.
AXES_ENABLED = False
