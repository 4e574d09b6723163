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


def _clean_environment(data_dir, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ARCHIVE_"))}
    environment.update(ARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings", **env)
    return environment


def test_deploy_check_is_clean_with_the_https_settings_set(tmp_path):
    https = {"DJANGO_SECURE_COOKIES": "1", "DJANGO_SSL_REDIRECT": "1", "DJANGO_HSTS_SECONDS": "31536000", "DJANGO_HSTS_PRELOAD": "1"}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    clean = subprocess.run(command, cwd=settings.BASE_DIR, env=_clean_environment(tmp_path, **https), capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    # Without them the check says what is missing.
    plain = subprocess.run(command, cwd=settings.BASE_DIR, env=_clean_environment(tmp_path), capture_output=True, text=True)
    assert plain.returncode != 0 and "SECURE_HSTS_SECONDS" in plain.stderr


def test_pages_carry_a_content_security_policy_with_no_inline_script(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def test_wrong_admin_passwords_lock_the_address_out(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "the-right-password")
    login = "/admin/login/?next=/admin/"
    statuses = [client.post(login, {"username": "editor", "password": "a-wrong-guess"}).status_code for _ in range(6)]
    # The form again with its error, until the limit's failure locks the address out.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429] * (7 - settings.AXES_FAILURE_LIMIT)
    locked = client.post(login, {"username": "editor", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_gunicorn_does_not_advertise_itself_and_the_font_is_cached_for_a_year(tmp_path):
    import json
    import socket
    import time
    import urllib.error
    import urllib.request

    # As `make run` does before it serves.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR, env=_clean_environment(tmp_path), check=True)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=_clean_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
            except urllib.error.HTTPError as error:
                answer = error
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
                continue
            break
        assert answer.headers["Server"] == "archive"
        assert answer.status == 404 and "هذه الصفحة ليست في الأرشيف" in answer.read().decode()
        font = manifest["archive/fonts/noto-naskh-arabic-arabic-400-normal.woff2"]
        served = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/{font}", timeout=5)
        assert served.headers["Content-Type"] == "font/woff2"
        assert "immutable" in served.headers["Cache-Control"] and "max-age=315360000" in served.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
