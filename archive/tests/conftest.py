"""Shared fixtures: an isolated index and file store per test, the gazetteer, the seeds."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from haystack import connections

from archive.ingest import Parser, SourceDirectory, SourceName
from archive.search.analysis import reset_analysis
from archive.text.actors import Gazetteer, aliases_from_records

FIXTURES = Path(django_settings.BASE_DIR) / "fixtures"


@pytest.fixture(autouse=True)
def isolated_files(tmp_path, settings):
    """Each test gets its own Whoosh index, originals folder and staging folder, and reads
    the gazetteer afresh (tests that never commit would not reset the cached one)."""
    reset_analysis()
    settings.MEDIA_ROOT = tmp_path / "originals"
    settings.ARCHIVE_STAGING_DIR = tmp_path / "staging"
    info = connections.connections_info["default"]
    previous = info.get("PATH")
    info["PATH"] = str(tmp_path / "index")
    connections.reload("default")
    yield tmp_path
    info["PATH"] = previous
    connections.reload("default")


@pytest.fixture(scope="session")
def gazetteer_records() -> list[dict]:
    return json.loads((FIXTURES / "gazetteer.json").read_text(encoding="utf-8"))["actors"]


@pytest.fixture(scope="session")
def gazetteer(gazetteer_records) -> Gazetteer:
    """The project's gazetteer fixture, compiled without a database."""
    return Gazetteer(aliases_from_records(gazetteer_records))


@pytest.fixture(scope="session")
def parser(gazetteer) -> Parser:
    """A parser built from the fixtures, without a database."""
    sources = json.loads((FIXTURES / "sources.json").read_text(encoding="utf-8"))["sources"]
    directory = SourceDirectory([SourceName(s["slug"], s["name"], tuple([s["name_en"], *s["aliases"]]), tuple(s["domains"])) for s in sources])
    return Parser(gazetteer=gazetteer, sources=directory)


@pytest.fixture
def archive_data(db):
    """A database holding the sources and the gazetteer (no articles)."""
    from archive import services

    services.sources_load(path=FIXTURES / "sources.json")
    services.gazetteer_load(path=FIXTURES / "gazetteer.json")
    reset_analysis()


@pytest.fixture
def seed_archive(archive_data, django_capture_on_commit_callbacks):
    """The archive as `bootstrap_archive` leaves it: fixtures loaded, the five seeds indexed."""
    from archive import services

    with django_capture_on_commit_callbacks(execute=True):
        services.seed_articles_load(path=FIXTURES / "seed_articles.json")


def pytest_report_header(config):
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"archive: database {engine}, search {django_settings.HAYSTACK_CONNECTIONS['default']['ENGINE']}"
