"""Settings for the test suite: the defaults, with every file kept in a temporary folder."""

import atexit
import os
import shutil
import tempfile

_data_dir = tempfile.mkdtemp(prefix="archive-tests-")
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ["ARCHIVE_DATA_DIR"] = _data_dir
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")

from .settings import *  # noqa: E402,F403

# Static files are collected by `make run`; the tests serve them from static/ directly.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
