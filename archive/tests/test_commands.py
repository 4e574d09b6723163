"""The management commands, run as an operator runs them."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from haystack.query import SearchQuerySet

from archive.models import Actor, Article, Source

from .seeds import SEEDS

pytestmark = pytest.mark.django_db(transaction=True)
CORPUS = SEEDS[0].path.parents[1] / "corpora" / "saudinewsnet"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.filename[:3])
def test_parse_article_json(archive_data, seed):
    result = json.loads(run("parse_article", str(seed.path), "--json"))
    assert set(result) >= {"title", "published_on", "date_source", "date_confidence", "source", "actors", "body"}
    assert result["title"] == seed.title
    assert result["published_on"] == (seed.published_on.isoformat() if seed.published_on else None)
    assert result["date_source"] == seed.date_source
    assert result["date_confidence"] == seed.date_confidence
    assert result["source"] == seed.source_name
    assert {actor["slug"] for actor in result["actors"]} == seed.actors
    for actor in result["actors"]:
        assert set(actor) == {"slug", "name", "name_en", "kind", "count"} and actor["count"] >= 1
    assert result["body"].startswith(seed.body_starts)
    assert Article.objects.count() == 0


def test_parse_article_readable_summary(archive_data):
    out = run("parse_article", str(SEEDS[0].path))
    assert "Title:  " + SEEDS[0].title in out
    assert "Removed (caption printed twice)" in out


def test_parse_article_bad_file(archive_data, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="empty.txt: الملف فارغ"):
        run("parse_article", str(tmp_path / "empty.txt"))
    with pytest.raises(CommandError, match="no such file"):
        run("parse_article", str(tmp_path / "missing.txt"))


def test_bootstrap_is_idempotent():
    first = run("bootstrap_archive")
    assert "Seed articles: 5 added" in first
    second = run("bootstrap_archive")
    assert "Seed articles: 0 added, 5 already present" in second
    assert Article.objects.count() == 5
    assert Actor.objects.count() > 70 and Source.objects.count() > 20
    assert SearchQuerySet().models(Article).count() == 5


def test_bootstrap_rebuilds_an_index_out_of_step(isolated_files):
    run("bootstrap_archive")
    from haystack import connections

    connections["default"].get_backend().remove(f"archive.article.{Article.objects.first().pk}")
    assert SearchQuerySet().models(Article).count() == 4
    assert "Index: 1 articles (re)indexed (1 lost, 0 ghosts, 0 stale)" in run("bootstrap_archive")
    assert SearchQuerySet().models(Article).count() == 5


def test_import_files_folders_and_records(archive_data, tmp_path):
    folder = tmp_path / "scraped"
    folder.mkdir()
    for seed in SEEDS[:3]:
        (folder / seed.filename).write_bytes(seed.raw())
    (folder / "copy-of-000.txt").write_bytes(SEEDS[0].raw().decode().encode("cp1256"))  # same text, other bytes
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("ignored: not an article type")
    lines = [
        json.dumps({"title": SEEDS[3].title, "body": "أعلن الرئيس الروسي فلاديمير بوتين أنه لم تكن هناك أعمال عسكرية في قره باغ.", "date": "2021-11-26", "source": "urdupoint", "url": "https://www.urdupoint.com/a"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "بلا نص"}, ensure_ascii=False),
        "",
        json.dumps({"title": "خبر", "body": "دعا الرئيس الفرنسي إيمانويل ماكرون إلى وقف القتال في كاراباخ.", "date": "غدا"}, ensure_ascii=False),
    ]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(lines), encoding="utf-8")
    out = run("import_articles", str(folder), str(records), str(tmp_path / "missing.txt"), "--no-progress")
    # notes.md inside the folder is passed over; missing.txt, named on the command line, fails.
    assert "Imported 5; duplicates 1 (0 same file, 1 same text); failed 4." in out
    assert "empty.txt: الملف فارغ." in out
    assert "records.jsonl#2: not valid JSON" in out
    assert "records.jsonl#3: the record has no body" in out
    assert "missing.txt: no such file or folder" in out
    record = Article.objects.get(url="https://www.urdupoint.com/a")
    assert (str(record.published_on), record.date_source, record.source.slug) == ("2021-11-26", "metadata", "urdupoint")
    undated = Article.objects.get(title="خبر")
    assert undated.published_on is None
    assert SearchQuerySet().models(Article).count() == 5
    again = run("import_articles", str(folder), "--no-progress")
    assert "Imported 0; duplicates 4 (3 same file, 1 same text)" in again


def test_import_corpus_zip_format(archive_data, tmp_path):
    records = [
        {"source": "aawsat", "url": "http://aawsat.com/home/article/1", "date_extracted": "2015-07-21 02:51:32", "title": "بوتين يلتقي أردوغان في موسكو", "author": "", "content": "التقى الرئيس الروسي فلاديمير بوتين نظيره التركي رجب طيب أردوغان في موسكو."},
        {"source": "okaz", "url": "http://okaz.com.sa/2", "date_extracted": "2015-08-02 10:00:00", "title": "", "author": "", "content": ""},
    ]
    archive = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("2015-07-21.json", json.dumps(records, ensure_ascii=False))
    (tmp_path / "broken.zip").write_bytes(b"PK not really")
    out = run("import_articles", str(archive), str(tmp_path / "broken.zip"), "--no-progress")
    assert "Imported 1; duplicates 0 (0 same file, 0 same text); failed 2." in out
    assert "broken.zip: not a readable JSON or zip file" in out
    article = Article.objects.get()
    assert article.source.slug == "aawsat"
    assert (article.date_confidence, str(article.published_on)) == ("low", "2015-07-21")
    assert set(article.mentions.values_list("actor__slug", flat=True)) == {"vladimir-putin", "recep-tayyip-erdogan", "moscow", "turkey", "russia"}
    # A record is kept verbatim as text; only imported files are kept as files too.
    assert article.original_text == json.dumps(records[0], ensure_ascii=False)
    assert not article.original_file


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the SaudiNewsNet corpus is not in ../shared")
def test_import_real_corpus_records(archive_data, tmp_path):
    """300 real records of one corpus day, in the corpus's own zip format (the whole corpus is `make bench`'s)."""
    with zipfile.ZipFile(CORPUS / "2015-08-11.zip") as day:
        records = json.loads(day.read("2015-08-11.json"))[:300]
    sample = tmp_path / "2015-08-11.zip"
    with zipfile.ZipFile(sample, "w") as handle:
        handle.writestr("2015-08-11.json", json.dumps(records, ensure_ascii=False))
    out = run("import_articles", str(sample), "--no-progress", "--show-failures", "0")
    imported = int(out.split("Imported ")[1].split(";")[0])
    empty = sum(1 for record in records if not record["content"].strip())
    assert imported >= 300 - empty - 15  # a few are copies of one another
    assert not Article.objects.filter(source=None).exists()
    assert Article.objects.filter(date_confidence="low", published_on="2015-08-11").count() == imported
    assert SearchQuerySet().models(Article).count() == imported


def test_retag_command(archive_data):
    run("bootstrap_archive")
    assert "Re-tagged 5 articles; 0 had different actors." in run("retag_articles", "--no-progress")


def test_bootstrap_rebuilds_an_index_made_by_another_analysis(isolated_files):
    run("bootstrap_archive")
    version = isolated_files / "index.analysis"
    assert version.exists()
    assert "Index: 0 articles" in run("bootstrap_archive")
    version.write_text("an older analysis\n")
    assert "Index: 5 articles" in run("bootstrap_archive")
    assert version.read_text().strip() != "an older analysis"


def test_export_articles_writes_the_whole_archive_without_a_cap(seed_archive, tmp_path, settings):
    import csv

    settings.ARCHIVE_EXPORT_MAX_ROWS = 1  # the site's cap: not the command's
    output = tmp_path / "archive.jsonl"
    err = StringIO()
    call_command("export_articles", "--format", "jsonl", "--output", str(output), "--base-url", "https://archive.example/", stderr=err)
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    newest_first = list(Article.objects.newest_first())
    assert [record["id"] for record in records] == [article.pk for article in newest_first]
    assert [record["body"] for record in records] == [article.body for article in newest_first]
    assert records[0]["url"] == f"https://archive.example/articles/{records[0]['id']}/"
    assert "Exported 5 articles as jsonl" in err.getvalue()
    # To standard output, as CSV: the two header rows, then every article.
    rows = list(csv.reader(StringIO(run("export_articles")[1:], newline="")))
    assert rows[1][:3] == ["id", "title", "body"] and len(rows) == 2 + 5
    assert rows[2][11] == f"/articles/{rows[2][0]}/"  # without --base-url, the address on the site


def test_export_articles_of_a_search_gives_what_the_search_finds(seed_archive, client):
    import csv

    rows = list(csv.reader(StringIO(run("export_articles", "--format", "excel-csv", "--q", "قره باغ", "--actor", "russia")[1:], newline="")))
    found = client.get("/api/articles/", {"q": "قره باغ", "actor": "russia"}).json()
    assert sorted(int(row[0]) for row in rows[2:]) == sorted(result["id"] for result in found["results"])
    assert len(rows) - 2 == found["count"]
    with pytest.raises(CommandError, match="nowhere"):
        run("export_articles", "--source", "nowhere")
