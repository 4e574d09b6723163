"""Search through the page and the API, on the seed archive in a real Whoosh index."""

import json

import pytest
from django.urls import reverse

from archive.models import Article

from .seeds import SEEDS

pytestmark = pytest.mark.django_db

API = reverse("archive:api-articles")
PAGE = reverse("archive:search")


def seed_ids(*indexes) -> set[int]:
    return {Article.objects.get(original_filename=SEEDS[i].filename).pk for i in indexes}


def api(client, **params) -> dict:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def found(client, q, **params) -> set[int]:
    return {result["id"] for result in api(client, q=q, page_size=100, **params)["results"]}


# Each query form and the seeds it must find (by index in SEEDS), through the API and the page.
QUERIES = [
    ("صواريخ", {0, 4}),
    ("بصواريخ", {0, 4}),  # with a proclitic
    ("الصواريخ", {0, 4}),
    ("صَوَارِيخ", {0, 4}),  # diacritics
    ("صواريـــخ", {0, 4}),  # tatweel
    ("إسكندر", {0}),
    ("اسكندر", {0}),  # another hamza form
    ("آسكندر", {0}),
    ("مسؤول", {2}),  # seed 002: المسؤولين
    ("مسئول", {2}),  # the other hamza seat
    ("المفاوضات", {1, 4}),
    ("مفاوضات", {1, 4}),
    ('"حفظ السلام"', {0, 1, 2, 3}),
    ('"وقف إطلاق النار"', {0, 1, 3, 4}),
    ("روسيا OR فرنسا", {0, 1, 2, 3, 4}),
    ("ماكرون", {4}),
    ("بوتين -ماكرون", {0, 1, 3}),
    ("بوتن", {0, 1, 3, 4}),  # another spelling of Putin
    ("قره باغ", {0, 1, 2, 3, 4}),  # finds the articles that only write كاراباخ
    ("ناغورنی کاراباخ", {0, 1, 2, 3, 4}),  # Persian letters
    ("باشنيان", {0, 1, 2, 3, 4}),
    ("أذربيحان", {0, 1, 2, 3, 4}),  # the seed's typo is an alias
    ("شويجو", {0, 1}),
    ("الكرملين", {4}),
    ("ستيباناكيرت", {1}),
    ("هاكوبيان", {0}),
]


@pytest.mark.parametrize("q, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_forms_find_the_right_seeds(client, seed_archive, q, expected):
    assert found(client, q) == seed_ids(*expected)
    page = client.get(PAGE, {"q": q})
    assert page.status_code == 200
    for article in Article.objects.filter(pk__in=seed_ids(*expected)):
        assert article.title in page.content.decode()


def test_filters_by_actor_source_and_dates(client, seed_archive):
    assert found(client, "قره باغ", actor=["charles-michel"]) == seed_ids(3, 4)
    assert found(client, "قره باغ", actor=["charles-michel", "csto"]) == seed_ids(4)
    assert found(client, "روسيا", source="alwafd") == seed_ids(2)
    assert found(client, "روسيا", **{"from": "2020-11-01", "to": "2021-12-31"}) == seed_ids(0, 3)
    assert found(client, "", actor=["kremlin"]) == seed_ids(4)


def test_no_query_lists_newest_first_undated_last(client, seed_archive):
    data = api(client)
    order = [result["id"] for result in data["results"]]
    assert order == [Article.objects.get(original_filename=SEEDS[i].filename).pk for i in (2, 3, 0, 4, 1)]
    oldest = [result["id"] for result in api(client, sort="oldest")["results"]]
    assert oldest == [Article.objects.get(original_filename=SEEDS[i].filename).pk for i in (4, 0, 3, 2, 1)]


def test_facets_count_the_whole_result_set(client, seed_archive):
    data = api(client, q="أرمينيا", page_size=1)
    assert data["count"] == 5 and len(data["results"]) == 1
    actors = {facet["slug"]: facet["count"] for facet in data["facets"]["actors"]}
    assert actors["russia"] == 5 and actors["charles-michel"] == 2
    assert {"slug", "name", "count"} <= set(data["facets"]["actors"][0])
    assert {facet["slug"] for facet in data["facets"]["sources"]} == {"alwafd", "urdupoint", "ansarollah"}
    assert [m["month"] for m in data["facets"]["months"]] == ["2020-10", "2020-11", "2021-11", "2023-09"]


def test_result_shape(client, seed_archive):
    result = api(client, q="شهرمانيان")["results"][0]
    assert set(result) >= {"id", "title", "published_on", "source", "actors", "url", "snippet"}
    assert result["source"] == {"slug": "alwafd", "name": "بوابة الوفد"}
    assert {"slug", "name", "name_en", "kind"} == set(result["actors"][0])
    assert "<mark>سامفيل شهرمانيان</mark>" in result["snippet"]  # the actor's whole name


def test_pagination(client, seed_archive):
    first = api(client, q="روسيا", page_size=2, page=1)
    second = api(client, q="روسيا", page_size=2, page=2)
    third = api(client, q="روسيا", page_size=2, page=3)
    ids = [r["id"] for r in first["results"] + second["results"] + third["results"]]
    assert len(ids) == len(set(ids)) == 5
    assert api(client, q="روسيا", page_size=2, page=9)["results"] == []


def test_sort_by_date_with_a_query(client, seed_archive):
    newest = [r["published_on"] for r in api(client, q="بوتين", sort="newest")["results"]]
    assert newest == sorted([d for d in newest if d], reverse=True) + [None] * newest.count(None)


def test_highlight_marks_the_words_the_article_uses(client, seed_archive):
    snippet = api(client, q="صواريخ")["results"]
    marked = " ".join(r["snippet"] for r in snippet)
    assert "<mark>بصواريخ</mark>" in marked or "<mark>الصواريخ</mark>" in marked
    assert "<mark>صواريخ</mark>" in marked
    article = Article.objects.get(original_filename=SEEDS[0].filename)
    page = client.get(article.get_absolute_url(), {"q": "صواريخ"}).content.decode()
    assert "<mark>بصواريخ</mark>" in page and "<mark>الصواريخ</mark>" in page
    # An actor found through another spelling is marked as the article spells it.
    karabakh = client.get(Article.objects.get(original_filename=SEEDS[1].filename).get_absolute_url(), {"q": "قره باغ"})
    assert "<mark>كاراباخ</mark>" in karabakh.content.decode()


def test_highlighting_escapes_html(client, seed_archive):
    article = Article.objects.get(original_filename=SEEDS[4].filename)
    article.body = "<script>alert(1)</script> ماكرون"
    article.save()
    page = client.get(article.get_absolute_url(), {"q": "ماكرون"}).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ماكرون</mark>" in page


def test_did_you_mean_when_nothing_matched(client, seed_archive):
    data = api(client, q="صوارخ")
    assert data["count"] == 0
    assert data["suggestion"] == "صواريخ"
    page = client.get(PAGE, {"q": "صوارخ"}).content.decode()
    assert "هل تقصد" in page and "صواريخ" in page
    assert "لا ترد في الأرشيف بأي صيغة: <bdi>صوارخ</bdi>" in page


def test_did_you_mean_corrects_only_the_first_words_within_its_budget(client, seed_archive):
    from archive.search.engine import SUGGESTED_WORDS_MAX

    misspelt = ["صوارخ", "مفاوضت", "اتفاقق", "باشينيانن", "كاراباخخ"]
    data = api(client, q=" ".join(misspelt))
    assert data["count"] == 0
    corrected = [typed for typed, offered in zip(misspelt, data["suggestion"].split()) if typed != offered]
    assert corrected == misspelt[:SUGGESTED_WORDS_MAX]


def test_suggestion_for_a_phrase_keeps_the_query_as_typed(client, seed_archive):
    data = api(client, q='"حفظ السلامم" روسيا')
    assert data["count"] == 0
    assert data["suggestion"] == '"حفظ السلام" روسيا'
    page = client.get(PAGE, {"q": '"حفظ السلامم" روسيا'}).content.decode()
    assert "لا ترد في الأرشيف بأي صيغة: <bdi>السلامم</bdi>" in page  # the word, not the whole phrase


@pytest.mark.parametrize(
    "params, code, message",
    [
        ({"q": '"حفظ السلام'}, "unclosed_quote", "علامة تنصيص لم تُغلق"),
        ({"q": "-روسيا"}, "only_exclusions", "لا يكون البحث استبعادًا فقط"),
        ({"q": "في من على"}, "no_terms", "أشيع من أن يُبحث بها"),
        ({"q": "روسيا", "from": "2020-13-45"}, "invalid_parameters", "أدخل تاريخاً صحيحاً"),
        ({"q": "روسيا", "from": "2021-01-01", "to": "2020-01-01"}, "invalid_parameters", "تاريخ البداية بعد تاريخ النهاية"),
        ({"q": "روسيا", "sort": "random"}, "invalid_parameters", "انتق خياراً صحيحاً"),
        ({"q": "روسيا", "actor": "nobody"}, "invalid_parameters", "انتق خياراً صحيحاً"),
        ({"q": "روسيا", "source": "nowhere"}, "invalid_parameters", "لا مصدر «nowhere» في الأرشيف"),
        ({"q": "روسيا", "page": "0"}, "invalid_parameters", "أكثر من 1 أو مساوية لها"),
        ({"q": "روسيا", "page_size": "1000"}, "invalid_parameters", "أقل من 100 أو مساوية لها"),
    ],
)
def test_bad_requests_get_a_message_not_a_500(client, seed_archive, params, code, message):
    api_response = client.get(API, params)
    assert api_response.status_code == 400
    assert api_response.json()["code"] == code  # for programs, stable whatever the language
    assert message in str(api_response.json()["errors"])
    page = client.get(PAGE, params)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_search_page_links_facets_and_pagination(client, seed_archive):
    page = client.get(PAGE, {"q": "روسيا", "page_size": 2}).content.decode()
    assert "actor=russia" in page
    assert "source=alwafd" in page
    assert "page=2" in page
    assert "تشرين الثاني/نوفمبر 2021" in page  # months are named in Arabic, Levantine name first
    assert reverse("archive:search-export") in page


def test_a_query_of_too_many_words_gets_a_message_not_a_search(client, seed_archive):
    response = client.get(reverse("archive:api-articles"), {"q": " ".join(["بوتين"] * 31)})
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_words"
    assert response.json()["errors"]["q"][0] == "عدد كلمات البحث 31، والحد الأقصى 30."
    page = client.get(reverse("archive:search"), {"q": " ".join(["و"] * 200)})
    assert page.status_code == 400 and "والحد الأقصى 30" in page.content.decode()  # the page, with the message


def test_ranking_past_its_time_limit_shows_what_it_ranked_and_says_so(client, seed_archive, monkeypatch):
    from archive.search import engine

    monkeypatch.setattr(engine, "SEARCH_TIME_LIMIT_S", 0)
    data = api(client, q="قره باغ")
    assert data["count"] == 5 and data["ranking_cut_short"] is True
    assert "بلغ ترتيب النتائج حدّه الزمني" in client.get(PAGE, {"q": "قره باغ"}).content.decode()
    filtered = api(client, q="قره باغ", actor=["csto"])  # a cut-short ranking still keeps to the filter
    assert filtered["count"] == 1 and {r["id"] for r in filtered["results"]} <= seed_ids(4)
    monkeypatch.setattr(engine, "SEARCH_TIME_LIMIT_S", 1.5)
    assert found(client, "قره باغ", actor=["csto"]) == seed_ids(4)
    assert api(client, q="قره باغ")["ranking_cut_short"] is False


def test_article_api_and_similar(client, seed_archive):
    article = Article.objects.get(original_filename=SEEDS[3].filename)
    data = client.get(reverse("archive:api-article", args=[article.pk])).json()
    assert data["body"] == article.body
    assert data["original"]["sha256"] == article.checksum
    assert {"slug", "name", "name_en", "kind", "count"} == set(data["actors"][0])
    similar = client.get(reverse("archive:api-article-similar", args=[article.pk])).json()["results"]
    assert similar and article.pk not in {r["id"] for r in similar}
    assert client.get(reverse("archive:api-article", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/articles/999999/", "/api/articles/999999/similar/", "/api/no-such-thing/", "/api/articles/abc/"]
)
def test_every_missing_api_address_is_a_json_error(client, seed_archive, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    assert response.json()["errors"]["path"] == ["لا شيء في الأرشيف بهذا العنوان."]


def test_a_request_past_djangos_limits_and_a_failure_are_json_errors_under_the_api(client, seed_archive, settings, rf):
    from archive.views import server_error

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"actor=russia{number}" for number in range(20))
    refused = client.get(f"/api/articles/?{query}")
    assert refused.status_code == 400 and refused.json()["code"] == "request_refused"
    assert client.get(f"/search/?{query}")["Content-Type"].startswith("text/html")
    failed = server_error(rf.get("/api/articles/"))
    assert failed.status_code == 500 and json.loads(failed.content)["code"] == "server_error"
    assert server_error(rf.get("/search/"))["Content-Type"].startswith("text/html")


def test_the_api_answers_another_method_in_json(client, seed_archive):
    response = client.post(reverse("archive:api-articles"), {"q": "روسيا"})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json()["code"] == "method_not_allowed"
    # Pages other than the API keep the site's HTML 404.
    page = client.get("/articles/999999/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_article_page_shows_similar_articles(client, seed_archive):
    article = Article.objects.get(original_filename=SEEDS[0].filename)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "مقالات مشابهة" in page


@pytest.mark.parametrize("q, slug", [("Putin", "vladimir-putin"), ("بوتن", "vladimir-putin"), ("كاراباخ", "nagorno-karabakh"), ("KREMLIN", "kremlin")])
def test_actors_api_finds_any_name(client, seed_archive, q, slug):
    results = client.get(reverse("archive:api-actors"), {"q": q}).json()["results"]
    assert results[0]["slug"] == slug
    assert {"slug", "name", "name_en", "kind", "aliases", "article_count"} == set(results[0])
    assert results[0]["article_count"] >= 1


def _imported(records) -> list[int]:
    """Import `records` (title, body, date) as an import file does, indexed; return their ids."""
    from archive import selectors, services
    from archive.ingest import ArticleRecord
    from archive.search.indexing import drain_queue

    parser = selectors.parser_from_database()
    entries = [
        services.ImportEntry(label=title, parsed=parser.parse_record(ArticleRecord(title=title, body=body, date=day), original=body, filename="import.jsonl"))
        for title, body, day in records
    ]
    report = services.ImportReport()
    services.articles_import(entries=entries, report=report)
    drain_queue()
    return report.imported


def test_similar_prefers_reports_of_the_same_events_on_the_same_actors(client, archive_data):
    target, same_week, month_before = _imported(
        [
            (
                "وصول قوات حفظ السلام الروسية إلى قره باغ",
                "وصلت طلائع قوات حفظ السلام الروسية إلى إقليم قره باغ، تنفيذا لاتفاق وقف إطلاق النار بين أذربيجان "
                "وأرمينيا. وقالت وزارة الدفاع الروسية إن القوات انتشرت على خط التماس وفي ممر لاتشين.",
                "2020-11-12",
            ),
            (
                "أذربيجان وأرمينيا تتبادلان الاتهامات رغم انتشار القوات الروسية",
                "تبادلت أذربيجان وأرمينيا الاتهامات بخرق الهدنة في قره باغ، بعد يومين من انتشار القوات الروسية "
                "في الإقليم. وقالت موسكو إن وقف إطلاق النار صامد.",
                "2020-11-14",
            ),
            (
                "وصول قوات حفظ السلام الدولية إلى جنوب لبنان",
                "وصلت طلائع قوات حفظ السلام الدولية إلى جنوب لبنان، تنفيذا لاتفاق وقف إطلاق النار. وقالت قيادة "
                "القوات إنها انتشرت على خط التماس وفي المعابر الحدودية، وإن طلائع قوات حفظ السلام ستكمل انتشارها.",
                "2020-10-12",
            ),
        ]
    )
    similar = client.get(reverse("archive:api-article-similar", args=[target])).json()["results"]
    ranked = [result["id"] for result in similar]
    assert ranked.index(same_week) < ranked.index(month_before)
