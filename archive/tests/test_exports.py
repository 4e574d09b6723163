"""Downloads of a search's results: CSV, spreadsheet-safe CSV and JSON Lines, re-read and
compared with the search's own count and with the articles as stored; the cap and its
message; file names."""

import csv
import io
import json
from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive import selectors, services
from archive.exports import COLUMNS, SPREADSHEET_CELL_MAX
from archive.models import Article

from .corpus import CORPUS, import_corpus_day
from .seeds import SEEDS

CSV_EXPORT = reverse("archive:search-export")
EXCEL_EXPORT = reverse("archive:search-export-excel")
JSONL_EXPORT = reverse("archive:search-export-jsonl")
MACHINE_NAMES = [name for name, _ in COLUMNS]
HYPERLINK = '=HYPERLINK("http://evil.example","بوتين")'


def api_count(client, **params) -> int:
    return client.get(reverse("archive:api-articles"), params).json()["count"]


def downloaded(response) -> bytes:
    assert response.status_code == 200
    assert response.streaming  # written a chunk at a time, never built whole
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    text = downloaded(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def jsonl_records(response) -> list[dict]:
    data = downloaded(response)
    assert not data.startswith("\ufeff".encode())
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == ""  # every record ends its line
    return [json.loads(line) for line in lines[:-1]]


@pytest.mark.parametrize(
    "params", [{"q": "روسيا", "page_size": 1}, {"actor": "russia"}, {"q": "قره باغ", "sort": "oldest"}, {"q": "روسيا", "collapse": "1"}, {}]
)
def test_the_csv_holds_every_result_of_the_search_across_pages(client, seed_archive, params):
    rows = csv_rows(client.get(CSV_EXPORT, params))
    assert rows[0] == ["رقم المقال", "العنوان", "النص", "تاريخ النشر", "درجة الثقة بالتاريخ (رمز)", "درجة الثقة بالتاريخ",
                       "مصدر التاريخ (رمز)", "المصدر", "المصدر (معرّف)", "الجهات", "الجهات (معرّفات)", "الرابط الدائم في الأرشيف",
                       "الرابط الأصلي"]  # fmt: skip
    assert rows[1] == MACHINE_NAMES
    records = [dict(zip(MACHINE_NAMES, row)) for row in rows[2:]]
    assert len(records) == api_count(client, **params) > 0
    for record in records:
        article = Article.objects.get(pk=record["id"])
        assert (record["title"], record["body"]) == (article.title, article.body)  # exact, line breaks included
        assert record["published_on"] == (article.published_on.isoformat() if article.published_on else "")
        assert record["date_confidence"] == article.date_confidence
        assert record["date_confidence_label"] == article.get_date_confidence_display()
        assert record["source_slug"] == (article.source.slug if article.source else "")
        assert set(filter(None, record["actor_slugs"].split("; "))) == {m.actor.slug for m in article.mentions.all()}
        assert record["url"] == f"http://testserver/articles/{article.pk}/"
        assert client.get(record["url"]).context["article"] == article


def test_json_lines_hold_every_result_with_the_exact_text(client, seed_archive):
    records = jsonl_records(client.get(JSONL_EXPORT, {"q": "قره باغ", "page_size": 2}))
    assert len(records) == api_count(client, q="قره باغ") == 5
    undated = Article.objects.get(original_filename=SEEDS[1].filename)
    for record in records:
        assert set(record) == {"id", "title", "body", "published_on", "date_confidence", "date_source", "source", "actors", "url", "original_url"}
        article = Article.objects.get(pk=record["id"])
        assert record["body"] == article.body and record["title"] == article.title
        assert {actor["slug"] for actor in record["actors"]} == {m.actor.slug for m in article.mentions.all()}
    by_id = {record["id"]: record for record in records}
    assert by_id[undated.pk]["published_on"] is None and by_id[undated.pk]["source"] is None
    assert by_id[undated.pk]["date_confidence"] == "year_unknown"


def test_a_ranking_cut_short_still_exports_every_result(client, seed_archive, monkeypatch):
    from archive.search import engine

    monkeypatch.setattr(engine, "SEARCH_TIME_LIMIT_S", 0)
    rows = csv_rows(client.get(CSV_EXPORT, {"q": "قره باغ"}))
    assert sorted(int(row[0]) for row in rows[2:]) == sorted(Article.objects.values_list("pk", flat=True))


@pytest.fixture
def formula_article(seed_archive, django_capture_on_commit_callbacks):
    """An upload whose editor kept a title a spreadsheet would run, and a body opening like a formula."""
    parser = selectors.parser_from_database()
    raw = "بوتين يلتقي أردوغان\nالتقى الرئيس الروسي فلاديمير بوتين نظيره التركي رجب طيب أردوغان في سوتشي لبحث الملفات الإقليمية.".encode()
    parsed = services.upload_parse(data=raw, filename="formula.txt", parser=parser)
    edits = services.ArticleEdits(
        title=HYPERLINK, body="-1 بوتين: " + parsed.body, published_on=date(2021, 5, 1), source_name="", url="https://example.com/@a"
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer, edits=edits)


@pytest.mark.parametrize("address", [EXCEL_EXPORT, CSV_EXPORT])
def test_both_csvs_neutralise_formulas_and_json_lines_keeps_the_text(client, formula_article, address):
    excel = downloaded(client.get(address, {"q": "بوتين"}))
    assert excel.startswith("\ufeff".encode()) and b"\r\n" in excel
    rows = list(csv.reader(io.StringIO(excel.decode("utf-8")[1:], newline="")))
    cells = {row[0]: dict(zip(MACHINE_NAMES, row)) for row in rows[2:]}
    mine = cells[str(formula_article.pk)]
    assert mine["title"] == "'" + HYPERLINK
    assert mine["body"] == "'" + formula_article.body
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    # JSON Lines is for programs: the text exactly as stored.
    records = {r["id"]: r for r in jsonl_records(client.get(JSONL_EXPORT, {"q": "بوتين"}))}
    assert records[formula_article.pk]["title"] == HYPERLINK and records[formula_article.pk]["original_url"] == "https://example.com/@a"


def test_the_excel_csv_cuts_a_cell_longer_than_a_spreadsheet_holds(client, seed_archive):
    article = Article.objects.get(original_filename=SEEDS[3].filename)
    Article.objects.filter(pk=article.pk).update(body=article.body + " بوتين" * 7000)
    rows = list(csv.reader(io.StringIO(downloaded(client.get(EXCEL_EXPORT, {"q": "بوتين"})).decode("utf-8")[1:], newline="")))
    body = {row[0]: row[2] for row in rows[2:]}[str(article.pk)]
    assert len(body) == SPREADSHEET_CELL_MAX and body.endswith("…")
    assert len(csv_rows(client.get(CSV_EXPORT, {"q": "بوتين"}))[2][2]) > SPREADSHEET_CELL_MAX  # the plain CSV keeps it whole


def test_a_search_past_the_cap_is_refused_with_the_total_the_cap_and_the_command(client, seed_archive, settings):
    settings.ARCHIVE_EXPORT_MAX_ROWS = 3
    response = client.get(JSONL_EXPORT, {"q": "قره باغ", "actor": "russia"})
    assert response.status_code == 400 and not response.streaming
    data = response.json()
    assert (data["code"], data["count"], data["max_rows"]) == ("too_many_results", api_count(client, q="قره باغ", actor="russia"), 3)
    assert data["errors"]["export"][0] == f"يجد هذا البحث {data['count']} مقالات، وأقصى ما يحمله التنزيل من الموقع 3."
    assert "مدير الأرشيف" in data["errors"]["export"][1]
    assert data["command"].startswith("python manage.py export_articles --format jsonl --q 'قره باغ' --actor russia --output 'archive_قره-باغ_russia_")
    # A browser gets a page in the site's layout, with the command to copy.
    page = client.get(CSV_EXPORT, {"q": "قره باغ"}, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status_code == 400
    html = page.content.decode()
    assert "وأقصى ما يحمله التنزيل من الموقع 3" in html and "export_articles --format csv" in html
    # The search page says the cap instead of offering links that would be refused.
    search = client.get(reverse("archive:search"), {"q": "قره باغ"}).content.decode()
    assert CSV_EXPORT not in search and "لا يتجاوز التنزيل من الموقع 3 من المقالات" in search
    assert CSV_EXPORT in client.get(reverse("archive:search"), {"source": "alwafd"}).content.decode()  # one result: under the cap


def test_a_bad_search_is_refused_with_its_message_not_a_500(client, seed_archive):
    response = client.get(CSV_EXPORT, {"q": '"حفظ'})
    assert response.status_code == 400 and response.json()["code"] == "unclosed_quote"
    page = client.get(EXCEL_EXPORT, {"source": "nowhere"}, HTTP_ACCEPT="text/html")
    assert page.status_code == 400 and "nowhere" in page.content.decode()


def test_the_file_name_says_what_was_searched_and_when(client, seed_archive):
    today = timezone.localdate().isoformat()
    response = client.get(CSV_EXPORT, {"q": "قره باغ", "actor": "russia", "from": "2020-01-01", "page": 1})
    name = f"archive_قره-باغ_russia_from-2020-01-01_{today}.csv"
    assert response["Content-Disposition"] == f"attachment; filename=\"archive_russia_from-2020-01-01_{today}.csv\"; filename*=UTF-8''{quote(name)}"
    assert f"archive_all_{today}_excel.csv" in client.get(EXCEL_EXPORT)["Content-Disposition"]
    assert f'filename="archive_one-per-story_{today}.csv"' in client.get(CSV_EXPORT, {"collapse": "1"})["Content-Disposition"]
    jsonl = client.get(JSONL_EXPORT, {"source": "alwafd"})
    assert jsonl["Content-Type"] == "application/jsonl; charset=utf-8"
    assert f'filename="archive_alwafd_{today}.jsonl"' in jsonl["Content-Disposition"]


def test_articles_are_read_a_chunk_at_a_time_in_the_order_asked(seed_archive):
    ids = list(Article.objects.order_by("?").values_list("pk", flat=True)) + [10**9]  # and one deleted since
    with CaptureQueriesContext(connection) as queries:
        articles = selectors.articles_by_ids(ids=ids, chunk_size=2)
        first = next(articles)
        assert len(queries) == 3  # the first chunk only: articles with sources, mentions, actors
        read = [first, *articles]
    assert [a.pk for a in read] == ids[:-1]
    assert len(queries) == 3 * 3
    assert "original_text" in read[0].get_deferred_fields()


@pytest.mark.corpus
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CORPUS.exists(), reason="the SaudiNewsNet corpus is not in ../shared")
def test_a_corpus_days_exports_hold_every_result_as_stored(client, archive_data, tmp_path):
    """300 real records of one day: each format holds every article the search counts, its
    text as stored, collapsed or not."""
    records = import_corpus_day(tmp_path, "2015-08-11", lambda records: records[:300])
    outlet = max({record["source"] for record in records}, key=[record["source"] for record in records].count)
    for params in ({"q": "المملكة"}, {"q": "المملكة", "collapse": "1"}, {"source": outlet}):
        count = client.get(reverse("archive:api-articles"), params).json()["count"]
        assert count > 10
        exported = jsonl_records(client.get(JSONL_EXPORT, params))
        assert len(exported) == count == len(csv_rows(client.get(CSV_EXPORT, params))) - 2
        stored = dict(Article.objects.filter(pk__in=[r["id"] for r in exported]).values_list("pk", "body"))
        assert all(record["body"] == stored[record["id"]] for record in exported)
