"""Writes through the service layer, on a real database and a real Whoosh index."""

import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from haystack.query import SearchQuerySet

from archive import selectors, services
from archive.ingest import body_fingerprint
from archive.models import Actor, ActorAlias, Article, Mention, Source

from .seeds import SEEDS, assert_saved_as_expected

pytestmark = pytest.mark.django_db


def _create(seed, *, edits=None, capture=None):
    parser = selectors.parser_from_database()
    raw = seed.raw()
    parsed = services.upload_parse(data=raw, filename=seed.filename, parser=parser)
    return services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer, edits=edits)


def _indexed_ids():
    return sorted(int(result.pk) for result in SearchQuerySet().models(Article))


def test_create_saves_fields_original_mentions_and_index(archive_data, django_capture_on_commit_callbacks):
    seed = SEEDS[2]
    with django_capture_on_commit_callbacks(execute=True):
        article = _create(seed)
    article.refresh_from_db()
    assert article.title == seed.title
    assert article.published_on == seed.published_on
    assert article.source.slug == "alwafd"
    assert article.original_file.read() == seed.raw()
    assert article.original_filename == seed.filename
    assert article.original_encoding == "utf-8"
    assert set(article.mentions.values_list("actor__slug", flat=True)) == seed.actors
    assert article.mentions.get(actor__slug="azerbaijan").count >= 5
    assert _indexed_ids() == [article.pk]


def test_same_file_twice_is_a_duplicate(archive_data):
    first = _create(SEEDS[0])
    with pytest.raises(services.DuplicateArticle) as caught:
        _create(SEEDS[0])
    assert caught.value.existing == first
    assert Article.objects.count() == 1


def test_same_text_in_another_encoding_is_a_duplicate(archive_data):
    _create(SEEDS[4])
    parser = selectors.parser_from_database()
    raw = SEEDS[4].raw().decode().replace("\n", "\r\n").encode("cp1256")
    parsed = services.upload_parse(data=raw, filename="copy.txt", parser=parser)
    with pytest.raises(services.DuplicateArticle):
        services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer)
    assert Article.objects.count() == 1


def test_failed_save_leaves_no_row_and_no_file(archive_data, isolated_files):
    parser = selectors.parser_from_database()
    raw = SEEDS[3].raw()
    parsed = services.upload_parse(data=raw, filename="x.txt", parser=parser)
    parsed.url = "not a url"
    with pytest.raises(ValidationError):
        services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer)
    assert Article.objects.count() == 0
    assert Mention.objects.count() == 0
    originals = isolated_files / "originals"
    assert not originals.exists() or not any(p.is_file() for p in originals.rglob("*"))


def test_admin_edits_are_saved_and_the_date_marked_as_theirs(archive_data):
    seed = SEEDS[1]
    russia = Actor.objects.get(slug="russia")
    kremlin = Actor.objects.get(slug="kremlin")
    article = _create(
        seed,
        edits=services.ArticleEdits(
            title=seed.title,
            body="قال وزير الخارجية الروسي سيرغي لافروف إن الاتفاق لا جدال فيه.",
            published_on=date(2020, 11, 21),
            source_name="الميادين",
            url="https://www.almayadeen.net/news/1",
            manual_actor_ids=[kremlin.pk],
        ),
    )
    assert article.published_on == date(2020, 11, 21)
    # Typed without ticking «I checked this date»: the editor's date, not a confirmed one.
    assert (article.date_source, article.date_confidence) == ("admin", "medium")
    assert "السنة غير مذكورة" in article.date_note
    assert article.source.slug == "almayadeen"
    tags = {m.actor.slug: (m.count, m.is_manual) for m in article.mentions.select_related("actor")}
    # The title names Lavrov, Armenia and Karabakh; the edited body Lavrov and Russia.
    assert tags == {
        "sergey-lavrov": (2, False),
        "armenia": (1, False),
        "nagorno-karabakh": (1, False),
        "russia": (1, False),
        "kremlin": (0, True),
    }
    assert russia.articles.count() == 1


def test_confirming_a_parsed_date(archive_data):
    seed = SEEDS[0]
    article = _create(
        seed,
        edits=services.ArticleEdits(
            title=seed.title,
            body="أكملت روسيا نقل قواتها إلى إقليم قره باغ، فيما أعلن وزير الخارجية الروسية سيرغي لافروف عن محاولات.",
            published_on=seed.published_on,
            confirm_date=True,
        ),
    )
    assert article.date_confidence == "confirmed"
    assert article.date_source == "comment"


def test_unknown_source_name_creates_a_source(archive_data):
    source = services.source_resolve(name="  صحيفة   الأيام البحرينية ")
    assert source.name == "صحيفة الأيام البحرينية"
    assert services.source_resolve(name="الأيام البحرينية") == source
    assert Source.objects.filter(name="صحيفة الأيام البحرينية").count() == 1
    assert services.source_resolve(name="صحيفة النهار").slug == "annahar"
    assert services.source_resolve(name="بوابة الوفد").slug == "alwafd"
    assert services.source_resolve(name="") is None


def test_editing_the_body_retags_and_reindexes(archive_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = _create(SEEDS[3])
    article.body = "قال الرئيس الفرنسي إيمانويل ماكرون إن باريس تتابع الوضع."
    with django_capture_on_commit_callbacks(execute=True):
        services.article_edit(article=article, changed_fields=["body"])
    assert set(article.mentions.values_list("actor__slug", flat=True)) == {
        "emmanuel-macron", "france", "vladimir-putin", "nagorno-karabakh",  # the last two from the title
    }
    assert [int(r.pk) for r in SearchQuerySet().filter(actors="emmanuel-macron")] == [article.pk]
    assert list(SearchQuerySet().filter(actors="ilham-aliyev")) == []


def test_gazetteer_change_and_retag(archive_data):
    article = _create(SEEDS[4])
    assert not article.mentions.filter(actor__slug="twitter").exists()
    twitter = Actor.objects.create(name="تويتر", name_en="Twitter", slug="twitter", kind=Actor.Kind.ORGANISATION)
    ActorAlias.objects.create(actor=twitter, text="تويتر")
    manual = Mention.objects.create(article=article, actor=Actor.objects.get(slug="icrc"), count=0, is_manual=True)
    assert services.articles_retag() == 1
    assert article.mentions.get(actor=twitter).count == 1
    assert article.mentions.filter(actor__slug="icrc", is_manual=True).exists()
    assert manual.actor.articles.count() == 1
    assert services.articles_retag() == 0


def test_delete_removes_row_index_entry_and_file(archive_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = _create(SEEDS[2])
    storage, name = article.original_file.storage, article.original_file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_delete(article=article)
    assert Article.objects.count() == 0
    assert _indexed_ids() == []
    assert not storage.exists(name)


def test_a_delete_while_a_backup_holds_the_originals_leaves_its_file_to_the_next_sweep(archive_data):
    from archive.models import OriginalRemoval

    article = _create(SEEDS[2])
    storage, name = article.original_file.storage, article.original_file.name
    with services.originals_held():
        services.article_delete(article=article)
        # The backup's snapshot may list the file: it stays until the backup lets go.
        assert storage.exists(name)
        assert list(OriginalRemoval.objects.values_list("name", flat=True)) == [name]
        assert services.originals_sweep() == 0
    assert services.originals_sweep() == 1
    assert not storage.exists(name) and not OriginalRemoval.objects.exists()


def test_a_sweep_keeps_a_file_an_article_names_again(archive_data):
    from archive.models import OriginalRemoval

    article = _create(SEEDS[2])
    name = article.original_file.name
    OriginalRemoval.objects.create(name=name)
    assert services.originals_sweep() == 0
    assert article.original_file.storage.exists(name) and not OriginalRemoval.objects.exists()


def test_fixture_loaders_are_idempotent(archive_data, django_capture_on_commit_callbacks):
    from .conftest import FIXTURES

    aliases = ActorAlias.objects.count()
    assert services.gazetteer_load(path=FIXTURES / "gazetteer.json") == Actor.objects.count()
    assert ActorAlias.objects.count() == aliases
    with django_capture_on_commit_callbacks(execute=True):
        first = services.seed_articles_load(path=FIXTURES / "seed_articles.json")
    second = services.seed_articles_load(path=FIXTURES / "seed_articles.json")
    assert (first.created, second.created, second.present) == (5, 0, 5)


def test_seed_fixture_agrees_with_the_parser(seed_archive):
    """fixtures/seed_articles.json is the reviewed output of the parser on ../shared/seeds."""
    for seed in SEEDS:
        article = Article.objects.get(original_filename=seed.filename)
        assert_saved_as_expected(article, seed)
        assert article.original_text == seed.path.read_text(encoding="utf-8")


def test_staged_upload_round_trip(settings):
    token = services.upload_stage(data="نص".encode())
    assert services.upload_unstage(token=token) == "نص".encode()
    services.upload_discard(token=token)
    with pytest.raises(ValidationError, match="لم يعد هذا الملف بانتظار المراجعة"):
        services.upload_unstage(token=token)
    with pytest.raises(ValidationError):
        services.upload_unstage(token="../../etc/passwd")


def _entries(seeds, parser):
    return [
        services.ImportEntry(seed.filename, services.upload_parse(data=seed.raw(), filename=seed.filename, parser=parser), raw=seed.raw())
        for seed in seeds
    ]


def test_bulk_import_saves_each_article_as_a_single_upload_would(archive_data):
    parser = selectors.parser_from_database()
    report = services.ImportReport()
    services.articles_import(entries=_entries(SEEDS, parser), report=report)
    assert len(report.imported) == 5 and not report.failed and not report.duplicates
    for seed in SEEDS:
        article = Article.objects.get(original_filename=seed.filename)
        assert_saved_as_expected(article, seed)
        assert article.original_file.read() == seed.raw()
        assert article.body_fingerprint == body_fingerprint(article.body)
    # Nothing is indexed by the service: the caller indexes the batch at once.
    assert _indexed_ids() == []


def test_bulk_import_refuses_duplicates_of_the_archive_and_of_the_batch(archive_data):
    parser = selectors.parser_from_database()
    _create(SEEDS[0])
    recoded = SEEDS[4].raw().decode().replace("\n", "\r\n").encode("cp1256")
    entries = _entries([SEEDS[0], SEEDS[4]], parser) + [
        services.ImportEntry("recoded.txt", services.upload_parse(data=recoded, filename="recoded.txt", parser=parser), raw=recoded)
    ]
    report = services.ImportReport()
    services.articles_import(entries=entries, report=report)
    assert report.duplicate_checksum == [SEEDS[0].filename]
    assert report.duplicate_body == ["recoded.txt"]
    assert Article.objects.count() == 2
    assert Article.objects.filter(original_filename=SEEDS[4].filename).count() == 1


def test_bulk_import_reports_an_invalid_entry_and_saves_the_others(archive_data, isolated_files):
    parser = selectors.parser_from_database()
    entries = _entries(SEEDS[2:4], parser)
    entries[0].parsed.url = "not a url"
    report = services.ImportReport()
    services.articles_import(entries=entries, report=report)
    assert [label for label, _ in report.failed] == [SEEDS[2].filename]
    assert "أدخِل رابطًا صحيحًا" in report.failed[0][1]
    assert list(Article.objects.values_list("original_filename", flat=True)) == [SEEDS[3].filename]
    stored = [p for p in (isolated_files / "originals").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [SEEDS[3].raw()]


def test_bulk_import_that_fails_to_save_leaves_no_row_and_no_file(archive_data, isolated_files, monkeypatch):
    parser = selectors.parser_from_database()
    entries = _entries(SEEDS[:2], parser)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Mention.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.articles_import(entries=entries, report=services.ImportReport())
    assert Article.objects.count() == 0
    originals = isolated_files / "originals"
    assert not originals.exists() or not any(p.is_file() for p in originals.rglob("*"))


SAVER = """
import sys, time
from pathlib import Path
from archive import selectors, services
parser = selectors.parser_from_database()
worker, barrier = sys.argv[2], Path(sys.argv[3])
# Each process sends the same article in other bytes (another line ending), so only the
# text's fingerprint can tell they are one article.
title, rest = open(sys.argv[1], encoding="utf-8").read().split("\\n", 1)
text = f"{title}\\nقال مصدر في العاصمة إن المحادثات ستستمر أسبوعا آخر.\\n{rest}"
data = text.replace("\\n", "\\n" + " " * int(worker)).encode()
parsed = services.upload_parse(data=data, filename=f"{worker}.txt", parser=parser)
(barrier / f"ready-{worker}").touch()
while not (barrier / "go").exists():
    time.sleep(0.002)
try:
    services.article_create(parsed=parsed, raw=data, gazetteer=parser.gazetteer)
    print("saved")
except services.DuplicateArticle:
    print("duplicate")
"""


def test_simultaneous_saves_of_one_text_keep_one_article(tmp_path):
    from .test_index_consistency import manage

    manage(tmp_path, "migrate", "--noinput", "-v0")
    manage(tmp_path, "bootstrap_archive")
    script = tmp_path / "saver.py"
    script.write_text(SAVER, encoding="utf-8")
    workers = [str(number) for number in range(1, 7)]
    savers = [
        manage(
            tmp_path,
            "shell",
            "--no-imports",
            "-c",
            f"import sys; sys.argv = ['s', {str(SEEDS[4].path)!r}, {worker!r}, {str(tmp_path)!r}]; "
            f"exec(open({str(script)!r}).read())",
            wait=False,
        )
        for worker in workers
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{worker}").exists() for worker in workers):
        assert time.monotonic() < deadline, "the savers did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    outcomes = []
    for saver in savers:
        output, errors = saver.communicate(timeout=300)
        assert saver.returncode == 0, errors
        outcomes.append(output.strip())
    assert sorted(outcomes) == ["duplicate"] * 5 + ["saved"]
    count = manage(tmp_path, "shell", "--no-imports", "-c", "from archive.models import Article; print(Article.objects.count())")
    assert int(count) == 6  # the five seeds and one copy of the text
