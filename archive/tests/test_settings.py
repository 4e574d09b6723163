"""config.settings reads the environment with safe defaults (checked in fresh interpreters)."""

import json
import os
import stat
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import json, config.settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'key': s.SECRET_KEY, 'db': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'index': s.HAYSTACK_CONNECTIONS['default'].get('PATH', ''), "
    "'engine': s.HAYSTACK_CONNECTIONS['default']['ENGINE']}))"
)


def read_settings(data_dir, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ARCHIVE_"))}
    environment.update(ARCHIVE_DATA_DIR=str(data_dir), **env)
    output = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def test_safe_defaults(tmp_path):
    first = read_settings(tmp_path)
    assert first["debug"] is False
    assert first["db"] == "django.db.backends.sqlite3"
    assert first["name"] == str(tmp_path / "archive.sqlite3")
    assert first["index"] == str(tmp_path / "whoosh_index")
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first["key"]) >= 50
    assert read_settings(tmp_path)["key"] == first["key"]  # made once, then kept


def test_environment_overrides(tmp_path):
    chosen = read_settings(
        tmp_path,
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://archive:pw@db.internal:5432/archive",
        ARCHIVE_SEARCH_ENGINE="haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
    )
    assert chosen["debug"] is True
    assert chosen["key"] == "from-the-environment"
    assert chosen["db"] == "django.db.backends.postgresql"
    assert chosen["engine"].endswith("Elasticsearch7SearchEngine")
    assert not (tmp_path / "secret_key").exists()


def test_the_suite_runs_on_the_configured_database(db):
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
