"""The public pages, through real requests on the seed archive."""

import re

import pytest
from django.urls import reverse

from archive.models import Actor, Article, Source

from .seeds import SEEDS

pytestmark = pytest.mark.django_db


def test_home_lists_articles_newest_first_undated_last(client, seed_archive):
    response = client.get(reverse("archive:article-list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page
    positions = [page.index(seed.title) for seed in sorted(SEEDS, key=lambda s: (s.published_on is None, -(s.published_on.toordinal() if s.published_on else 0)))]
    assert positions == sorted(positions)
    assert "السنة غير معروفة" in page  # seed 001, flagged


def test_article_page_shows_provenance(client, seed_archive):
    seed = SEEDS[4]
    article = Article.objects.get(original_filename=seed.filename)
    page = client.get(article.get_absolute_url()).content.decode()
    assert seed.title in page
    assert "موقع أنصار الله" in page
    assert "1 تشرين الأول/أكتوبر 2020" in page and "تاريخ مذكور في المقال" in page
    assert "14 صفر 1442 هـ" in page  # the Hijri date beside it
    assert "أم القرى" in page
    assert reverse("archive:actor-detail", args=["csto"]) in page
    assert "المصدر: وكالات" not in page


def test_original_is_served_as_plain_text(client, seed_archive):
    article = Article.objects.get(original_filename=SEEDS[0].filename)
    response = client.get(reverse("archive:article-original-text", args=[article.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == SEEDS[0].path.read_text(encoding="utf-8")


def test_original_is_shown_right_to_left_and_escaped(client, seed_archive):
    article = Article.objects.get(original_filename=SEEDS[0].filename)
    article.original_text = "<script>alert('x')</script>\n" + article.original_text
    article.save()
    page = client.get(reverse("archive:article-original", args=[article.pk])).content.decode()
    assert '<pre class="original-text" dir="auto" lang="ar">&lt;script&gt;' in page
    assert "<script>alert" not in page
    assert f'<bdi dir="ltr">{SEEDS[0].filename}</bdi>' in page and article.checksum in page


def test_html_in_an_article_is_escaped(client, seed_archive):
    article = Article.objects.first()
    article.body = "<script>alert('x')</script> نص"
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_actor_page_lists_articles_its_timeline_and_the_actors_named_with_it(client, seed_archive):
    actor = Actor.objects.get(slug="charles-michel")
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "شارل ميشيل" in page and "Charles Michel" in page
    assert SEEDS[3].title in page and SEEDS[4].title in page
    assert SEEDS[0].title not in page
    assert "ميشيل عون" not in page  # exclusions are not spellings
    # Months from October 2020 to November 2021, the empty ones included, each dated one linked.
    assert 'aria-label="تشرين الأول/أكتوبر 2020: مقال واحد"' in page
    assert 'aria-label="تشرين الثاني/نوفمبر 2021: مقال واحد"' in page
    assert "<title>حزيران/يونيو 2021: لا مقالات</title>" in page
    assert "/search/?actor=charles-michel&amp;from=2020-10-01&amp;to=2020-10-31" in page
    assert "مقالان" in page  # the heading counts them with the dual
    # Named with it: how many articles name both, linked to the search for both.
    assert "/search/?actor=charles-michel&amp;actor=russia" in page
    assert "مقالان يذكرانهما معًا" in page


def test_source_page(client, seed_archive):
    source = Source.objects.get(slug="alwafd")
    page = client.get(source.get_absolute_url()).content.decode()
    assert SEEDS[2].title in page
    assert "المقالات في كل يوم" in page and 'aria-label="29 أيلول/سبتمبر 2023: مقال واحد"' in page
    assert "/search/?source=alwafd&amp;from=2023-09-29&amp;to=2023-09-29" in page


def test_home_puts_the_search_box_first_then_what_the_archive_holds(client, seed_archive):
    page = client.get(reverse("archive:home")).content.decode()
    main = page[page.index("<main"):]
    assert main.index('id="search-q"') < main.index("ما في الأرشيف") < main.index("أحدث المقالات")
    assert "من 1 تشرين الأول/أكتوبر 2020" in page and "إلى 29 أيلول/سبتمبر 2023" in page
    assert "مقال واحد بلا تاريخ لا يظهر في الرسم." in page
    assert page.count('<a href="/search/?from=') == 4  # the four dated seeds' months
    assert reverse("archive:actor-detail", args=["russia"]) in page
    assert SEEDS[2].title in page  # the latest
    assert 'class="header-search"' not in page  # the page's own box is enough


def test_directories_list_actors_by_kind_and_sources_with_spans(client, seed_archive):
    page = client.get(reverse("archive:actor-directory")).content.decode()
    assert page.index("الأشخاص") < page.index("الدول") < page.index("المنظمات") < page.index("الأماكن")
    assert "روسيا" in page and "5 مقالات" in page
    found = client.get(reverse("archive:actor-directory"), {"q": "Lavrov"}).content.decode()
    assert "سيرغي لافروف" in found and "روسيا</a>" not in found
    missing = client.get(reverse("archive:actor-directory"), {"q": "زززز"}).content.decode()
    assert "لا جهة بهذا الاسم بأي كتابة." in missing
    sources = client.get(reverse("archive:source-directory")).content.decode()
    assert "بوابة الوفد" in sources and "29 أيلول/سبتمبر 2023" in sources
    assert 'aria-current="page">المصادر<' in sources


def test_search_shows_filters_as_named_chips_and_clears_them(client, seed_archive):
    response = client.get(reverse("archive:search"), {"q": "روسيا", "actor": ["sergey-lavrov", "russia"], "from": "2020-01-01"})
    page = response.content.decode()
    chips = page[page.index('class="chips"'):page.index("</div>", page.index('class="chips"'))]
    assert "سيرغي لافروف" in chips and "روسيا" in chips and "من 1 كانون الثاني/يناير 2020" in chips
    assert "sergey-lavrov</span>" not in chips  # names, not slugs
    assert 'href="?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"' in chips  # clear all keeps the words only
    assert "نتيجة واحدة" in page  # seed 000: the only dated article naming both


def test_a_spelling_no_article_writes_says_its_hits_came_through_the_actor(client, seed_archive):
    # «عالييف» is a listed spelling of Ilham Aliyev that none of the seeds writes.
    response = client.get(reverse("archive:search"), {"q": "عالييف"})
    page = response.content.decode()
    tagged = Article.objects.filter(mentions__actor__slug="ilham-aliyev").count()
    assert tagged and response.context["page"].total == tagged
    assert "لا ترد في الأرشيف بأي صيغة" not in page
    assert re.search(r"لا يكتب أي مقال «عالييف» بهذا الرسم: النتائج تذكر إلهام علييف", page)
    # With a filter that leaves no hit, the word is said to be nowhere, and nothing of the actor.
    page = client.get(reverse("archive:search"), {"q": "عالييف", "source": "alwafd"}).content.decode()
    assert "لا يكتب أي مقال" not in page and "لا ترد في الأرشيف بأي صيغة: <bdi>عالييف</bdi>" in page
    # A word that is nowhere, beside it, is still said to be nowhere.
    page = client.get(reverse("archive:search"), {"q": "عالييف OR زززززز"}).content.decode()
    assert "لا ترد في الأرشيف بأي صيغة: <bdi>زززززز</bdi>" in page


def test_pages_answer_while_the_index_holds_no_article(client, archive_data):
    # A new index, or one whose every article was deleted: no segment, nothing to read.
    from archive import selectors, services

    parser = selectors.parser_from_database()
    raw = SEEDS[1].raw()
    article = services.article_create(parsed=services.upload_parse(data=raw, filename="a.txt", parser=parser), raw=raw, gazetteer=parser.gazetteer)
    assert client.get(reverse("archive:search"), {"q": "لافروف"}).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/api/articles/", {"q": "لافروف"}).json()["count"] == 0


def test_did_you_mean_keeps_the_filters_and_the_order(client, seed_archive):
    page = client.get(reverse("archive:search"), {"q": "صوارخ", "actor": "russia", "sort": "oldest"}).content.decode()
    link = re.search(r'هل تقصد: <a href="([^"]+)">صواريخ</a>؟', page).group(1)
    assert query(link.replace("&amp;", "&")) == {"q": ["صواريخ"], "actor": ["russia"], "sort": ["oldest"]}


def test_a_page_past_the_end_goes_to_the_last_page(client, seed_archive):
    response = client.get(reverse("archive:search"), {"q": "روسيا", "page_size": 2, "page": 999})
    assert response.status_code == 302
    assert query(response["Location"]) == {"q": ["روسيا"], "page_size": ["2"], "page": ["3"]}


def test_an_article_opened_from_a_search_links_back_and_to_its_neighbours(client, seed_archive):
    results = client.get(reverse("archive:search"), {"q": "روسيا", "sort": "newest", "page_size": 2, "page": 2})
    hits = results.context["page"].hits
    assert [hit.rank for hit in hits] == [3, 4]
    link = f"{hits[0].article.get_absolute_url()}?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7&amp;sort=newest&amp;page_size=2&amp;rank=3"
    assert link in results.content.decode()
    page = client.get(link.replace("&amp;", "&"))
    trail = page.context["from_search"]
    assert query(trail["back"]) == {"q": ["روسيا"], "sort": ["newest"], "page_size": ["2"], "page": ["2"]}
    everything = [hit.article for hit in client.get(reverse("archive:search"), {"q": "روسيا", "sort": "newest"}).context["page"].hits]
    assert trail["previous"].startswith(everything[1].get_absolute_url()) and query(trail["previous"])["rank"] == ["2"]
    assert trail["next"].startswith(everything[3].get_absolute_url()) and query(trail["next"])["rank"] == ["4"]
    assert "النتيجة السابقة" in page.content.decode() and "العودة إلى النتائج" in page.content.decode()
    # Opened any other way, the article has no trail.
    assert client.get(hits[0].article.get_absolute_url()).context["from_search"] is None
    assert client.get(hits[0].article.get_absolute_url() + "?rank=abc").context["from_search"] is None


@pytest.mark.parametrize("rank", ["0", "-2", "9" * 5000, "1000001", "٣x"])
def test_a_tampered_rank_shows_the_article_without_a_trail(client, seed_archive, rank):
    article = Article.objects.get(original_filename=SEEDS[0].filename)
    response = client.get(article.get_absolute_url(), {"q": "روسيا", "rank": rank})
    assert response.status_code == 200 and response.context["from_search"] is None


def query(url: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("url", ["/articles/999999/", "/actors/nobody/", "/sources/nothing/", "/articles/999999/original/"])
def test_missing_things_are_404(client, seed_archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "هذه الصفحة ليست في الأرشيف" in response.content.decode()  # in the site's layout


def test_a_listing_page_past_the_end_shows_the_last_page(client, seed_archive, monkeypatch):
    from archive import views

    monkeypatch.setattr(views.ArticleListView, "paginate_by", 2)
    past = client.get(reverse("archive:article-list") + "?page=99")
    unreadable = client.get(reverse("archive:article-list") + "?page=abc")
    assert past.status_code == 200 and past.context["page_obj"].number == 3
    assert "صفحة 3 من 3" in past.content.decode()
    assert unreadable.status_code == 200 and unreadable.context["page_obj"].number == 1


# Keyword in context, and outlets compared ---------------------------------------------


def test_an_actors_concordance_page_lines_up_each_spelling_with_its_outlet_and_date(client, seed_archive):
    from .test_translation import _visible_english

    response = client.get(reverse("archive:actor-concordance", args=["sergey-lavrov"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "سياقات ذكر سيرغي لافروف" in page
    rows = re.findall(r'<td class="kwic-match"><a href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert len(rows) == 5 and {match for _, match in rows} == {"سيرغي لافروف", "لافروف"}
    assert all(href.startswith("/articles/") and "?q=" in href for href, _ in rows)  # opened, the name is marked
    assert '<span dir="rtl">قال وزير الخارجية الروسي</span>' in page  # the words before, as written
    assert "/concordance/export.csv?actor=sergey-lavrov" in page and "/api/concordance/?actor=sergey-lavrov" in page
    assert reverse("archive:actor-compare", args=["sergey-lavrov"]) in page
    assert 'aria-current="true">الأحدث أولًا' in page
    assert _visible_english(page) == []
    assert _visible_english(client.get("/concordance/?q=صواريخ&sort=outlet").content.decode()) == []
    assert _visible_english(client.get("/concordance/").content.decode()) == []


def test_the_search_and_the_actor_page_link_to_their_concordance_and_comparison(client, seed_archive):
    search = client.get(reverse("archive:search"), {"q": "روسيا", "sort": "relevance", "page": 1}).content.decode()
    assert '<a href="/concordance/?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7">' in search  # the search, without its order
    assert '<a href="/compare/?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7">' in search
    actor = client.get(reverse("archive:actor-detail", args=["russia"])).content.decode()
    assert 'href="/actors/russia/concordance/"' in actor and 'href="/actors/russia/compare/"' in actor


def test_concordance_json_and_csv_hold_the_same_lines_true_to_the_articles(client, seed_archive):
    import csv
    import io

    from archive.exports import spreadsheet_safe

    for params in ({"actor": "russia", "sort": "outlet"}, {"q": "وقف إطلاق النار", "sort": "oldest"}):
        data = client.get(reverse("archive:api-concordance"), params).json()
        assert data["count"] == len(data["results"]) > 0 and data["sort"] == params["sort"] and not data["cut_short"]
        for line in data["results"]:
            body = Article.objects.get(pk=line["article_id"]).body
            assert line["match"] == " ".join(body[line["start"] : line["end"]].split())
            assert line["left"] == " ".join(body[line["left_start"] : line["start"]].split())
            assert line["right"] == " ".join(body[line["end"] : line["right_end"]].split())
        response = client.get(reverse("archive:concordance-export"), params)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        # Arabic labels over the machine names, as the downloads have them; a file name saying what and when.
        labels, below = text[1:].split("\r\n", 1)
        assert labels.split(",")[:3] == ["رقم المقال", "العنوان", "المصدر"]
        rows = list(csv.DictReader(io.StringIO(below)))
        assert f"filename*=UTF-8''concordance_" in response["Content-Disposition"]
        # The same values; a cell beginning like a formula («- تركية», a context after a dash) behind an apostrophe.
        expected = [{key: spreadsheet_safe("" if value is None else value) for key, value in line.items()} for line in data["results"]]
        assert rows == expected
    outlets = [line["source"] for line in client.get(reverse("archive:api-concordance"), {"actor": "russia", "sort": "outlet"}).json()["results"]]
    assert outlets.index(None) == len(outlets) - outlets[::-1].index(None) - outlets.count(None)  # the lines without an outlet last


def test_a_concordance_cell_a_spreadsheet_would_run_is_neutralised(client, seed_archive):
    import csv
    import io

    article = Article.objects.get(original_filename=SEEDS[3].filename)
    Article.objects.filter(pk=article.pk).update(title="=HYPERLINK(\"http://evil.example\",\"بوتين\")")
    text = client.get(reverse("archive:concordance-export"), {"q": "بوتين"}).content.decode("utf-8")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    # A context that opens on a dash, as seed 001 writes «روسية - تركية».
    rows = client.get(reverse("archive:concordance-export"), {"actor": "russia"}).content.decode("utf-8")
    assert ",روسية,'- تركية لمراقبة" in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(rows[1:])) for cell in row)


@pytest.mark.parametrize(
    "url, params, status, code, message",
    [
        ("archive:api-concordance", {"q": '"حفظ السلام'}, 400, "unclosed_quote", "علامة تنصيص لم تُغلق"),
        ("archive:api-concordance", {"q": "روسيا", "sort": "relevance"}, 400, "invalid_parameters", "انتق خياراً صحيحاً"),
        ("archive:api-concordance", {"actor": "nobody"}, 400, "invalid_parameters", "انتق خياراً صحيحاً"),
        ("archive:api-concordance", {"source": "alwafd"}, 400, "invalid_parameters", "يحتاج عرض الكلمة في سياقها"),
        ("archive:api-concordance", {"q": "روسيا", "from": "2021-01-01", "to": "2020-01-01"}, 400, "invalid_parameters", "تاريخ البداية بعد تاريخ النهاية"),
        ("archive:api-compare", {"q": "في من على"}, 400, "no_terms", "أشيع من أن يُبحث بها"),
        ("archive:api-compare", {"source": "nowhere"}, 400, "invalid_parameters", "لا مصدر «nowhere» في الأرشيف"),
    ],
)
def test_concordance_and_comparison_errors_are_messages_with_codes(client, seed_archive, url, params, status, code, message):
    response = client.get(reverse(url), params)
    assert response.status_code == status
    assert response.json()["code"] == code and message in str(response.json()["errors"])
    page = client.get(reverse(url.replace("api-", "")), params)
    assert page.status_code == status and message in page.content.decode()


@pytest.mark.parametrize("url", ["/actors/nobody/concordance/", "/actors/nobody/compare/", "/api/actors/nobody/co-mentions/"])
def test_an_unknown_actors_readings_are_404(client, seed_archive, url):
    response = client.get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response.json()["code"] == "not_found"


def test_a_concordance_past_its_bound_says_so(client, seed_archive, monkeypatch):
    from functools import partial

    from archive import selectors, views

    monkeypatch.setattr(views, "concordance_of_search", partial(selectors.concordance_of_search, limit=3))
    page = client.get(reverse("archive:concordance"), {"actor": "russia"}).content.decode()
    assert page.count('<td class="kwic-match">') == 3
    assert "تتوقف القائمة عند 500 موضع" in page


def test_outlets_compared_side_by_side_on_one_scale(client, seed_archive):
    from .test_translation import _visible_english

    page = client.get(reverse("archive:actor-compare", args=["russia"])).content.decode()
    assert "روسيا: مقارنة المصادر" in page
    assert "5 مقالات من 3 مصادر" in page and "مقالان بلا مصدر" in page
    charts = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(charts) == 3
    # The same months in each, from October 2020 to September 2023, one bar at full height in all.
    assert {chart.count("<rect") for chart in charts} == {36}
    assert all(chart.count('height="114.0"') == 1 for chart in charts)
    assert "/search/?actor=russia&amp;source=alwafd&amp;from=2023-09-01&amp;to=2023-09-30" in page
    assert "/search/?actor=russia&amp;source=alwafd&amp;actor=dmitry-peskov" in page  # an actor named alongside, in that outlet
    assert _visible_english(page) == []
    assert _visible_english(client.get(reverse("archive:compare"), {"q": "روسيا"}).content.decode()) == []


def test_comparison_and_co_mentions_api(client, seed_archive):
    from archive import selectors

    data = client.get(reverse("archive:api-compare"), {"actor": "russia"}).json()
    assert (data["count"], data["outlets_found"], data["without_source"]) == (5, 3, 2)
    alwafd = next(outlet for outlet in data["outlets"] if outlet["slug"] == "alwafd")
    assert alwafd["name"] == "بوابة الوفد" and alwafd["total"] == 1 and alwafd["months"] == [{"month": "2023-09", "count": 1}]
    assert {"slug", "name", "name_en", "kind", "count"} == set(alwafd["actors"][0])
    assert "russia" not in {actor["slug"] for outlet in data["outlets"] for actor in outlet["actors"]}
    co = client.get(reverse("archive:api-actor-co-mentions", args=["sergey-lavrov"])).json()
    assert co["actor"]["name"] == "سيرغي لافروف"
    expected = selectors.actor_co_mentions(actor=Actor.objects.get(slug="sergey-lavrov"))
    assert [(item["slug"], item["count"]) for item in co["results"]] == [(item.actor.slug, item.count) for item in expected]
    assert client.post(reverse("archive:api-compare")).json()["code"] == "method_not_allowed"
