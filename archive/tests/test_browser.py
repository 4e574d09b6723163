"""The pages in a real Chromium, at a desktop and a phone size: a reader searches, filters,
reads and browses; an editor uploads an article through the admin and finds it. Every page
visited is checked with axe-core, for sideways scroll at 320 px, and saved as a screenshot
under screenshots/ (or $ARCHIVE_SCREENSHOTS_DIR)."""

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from archive.models import Mention

from .seeds import SEEDS, SEEDS_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("ARCHIVE_SCREENSHOTS_DIR") or Path(settings.BASE_DIR) / "screenshots")
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
NARROWEST = {"width": 320, "height": 800}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (scripts/ensure-test-tools.sh installs it)"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (scripts/ensure-test-tools.sh installs it)"),
]


@pytest.fixture(params=list(VIEWPORTS))
def browser_page(request):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        # The pages allow no inline script; axe-core is injected as one, so the test's
        # context alone sets the policy aside.
        context = browser.new_context(viewport=VIEWPORTS[request.param], bypass_csp=True, locale="ar")
        page = context.new_page()
        page.size_name = request.param
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def check_page(page, name: str) -> None:
    """The page has no axe-core violation and no sideways scroll at 320 px; its screenshot
    is saved at the test's size."""
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """() => axe.run(document).then(result => result.violations.map(
            v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | ')))"""
    )
    assert violations == [], f"{name}: {violations}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.size_name}.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size(NARROWEST)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size(size)
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 320 px"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_reader_searches_filters_reads_and_browses(browser_page, live_server):
    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    page = browser_page
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    # The shipped face is the one the text is drawn in.
    assert page.evaluate("() => document.fonts.ready.then(() => document.fonts.check('18px \"Archive Naskh\"', 'روسيا'))")
    assert page.evaluate("() => [...document.fonts].some(f => f.family.includes('Archive Naskh') && f.status === 'loaded')")
    assert page.locator(".stats dd").all_inner_texts()[:3] == ["5", "3", str(len(set(Mention.objects.values_list("actor", flat=True))))]
    assert page.locator(".timeline svg a").count() >= 3
    assert page.locator("#actors-title + .ranked li").count() > 3
    check_page(page, "home")

    # Search from the home page's box, then narrow by an actor.
    page.fill("#search-q", "صواريخ")
    page.press("#search-q", "Enter")
    assert page.locator(".count").inner_text().startswith("نتيجتان")
    marks = page.locator(".snippet mark").all_inner_texts()
    assert "بصواريخ" in marks and "صواريخ" in marks
    check_page(page, "search")
    page.click(".facets >> text=شارل ميشيل")
    assert query_of(page.url)["actor"] == ["charles-michel"]
    assert page.locator(".chip").first.inner_text().startswith("شارل ميشيل")
    assert page.locator(".article-row").count() == 1

    # Open the hit; the article links back to these results.
    page.click(".article-row .article-title")
    assert page.locator("h1").inner_text() == SEEDS[4].title
    assert "صواريخ" in page.locator(".article-body mark").all_inner_texts()
    assert "هـ" in page.locator(".hijri").inner_text()
    check_page(page, "article")
    page.click(".original a")
    assert page.locator(".original-text").get_attribute("dir") == "auto"
    check_page(page, "original")
    page.go_back()
    page.click(".search-trail >> text=العودة إلى النتائج")
    assert query_of(page.url)["actor"] == ["charles-michel"] and query_of(page.url)["q"] == ["صواريخ"]

    # A wider search: walk from one hit to the next, then narrow by dates.
    page.click(".chip >> text=شارل ميشيل")
    page.fill("#search-q", "روسيا")
    page.press("#search-q", "Enter")
    total = page.locator(".article-row").count()
    assert total >= 3 and "actor" not in query_of(page.url)
    page.locator(".article-row .article-title").first.click()
    first_title = page.locator("h1").inner_text()
    page.click(".search-trail >> text=النتيجة التالية")
    assert query_of(page.url)["rank"] == ["2"] and page.locator("h1").inner_text() != first_title
    page.click(".search-trail >> text=النتيجة السابقة")
    assert page.locator("h1").inner_text() == first_title
    page.click(".search-trail >> text=العودة إلى النتائج")
    page.fill("input[name=from]", "2020-11-01")
    page.fill("input[name=to]", "2020-11-30")
    page.click(".search-box button[type=submit]")
    chips = page.locator(".chip").all_inner_texts()
    assert any("من 1 تشرين الثاني/نوفمبر 2020" in chip for chip in chips)
    assert any("إلى 30 تشرين الثاني/نوفمبر 2020" in chip for chip in chips)
    page.click(".chip-clear")
    assert "from" not in query_of(page.url) and query_of(page.url)["q"] == ["روسيا"]

    # Follow a bar of the results' timeline: the search narrowed to that period.
    page.locator(".timeline svg a").first.click()
    narrowed = query_of(page.url)
    assert narrowed["q"] == ["روسيا"]
    days = page.locator(".article-row time").evaluate_all("times => times.map(t => t.getAttribute('datetime'))")
    assert days and all(narrowed["from"][0] <= day <= narrowed["to"][0] for day in days)

    # The directories, an actor with the actors named beside it, a source.
    page.click(".site-nav >> text=الجهات")
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "الجهات"
    assert page.locator(".directory-group h2").first.inner_text().startswith("الأشخاص")
    check_page(page, "actors")
    page.fill("#actor-q", "لافروف")
    page.press("#actor-q", "Enter")
    assert page.locator(".directory li").count() == 1
    page.click(".directory a >> nth=0")
    assert page.url.endswith("/actors/sergey-lavrov/")
    assert page.locator(".timeline svg a").count() >= 1
    assert page.locator(".co-mentions li").count() >= 1
    check_page(page, "actor")
    page.locator(".co-mentions .count-badge").first.click()
    assert len(query_of(page.url)["actor"]) == 2
    assert page.locator(".chip:not(.chip-clear)").count() == 2
    page.click(".site-nav >> text=المصادر")
    check_page(page, "sources")
    page.locator(".directory-table tbody a").first.click()
    assert page.locator(".timeline").count() == 1
    check_page(page, "source")
    page.goto(f"{live_server.url}/search/?q=%22%D8%AD%D9%81%D8%B8")
    assert "علامة تنصيص" in page.locator(".error").inner_text()
    page.goto(f"{live_server.url}/articles/999999/")
    assert page.locator("h1").inner_text() == "هذه الصفحة ليست في الأرشيف"
    check_page(page, "not-found")


@pytest.mark.skipif(not SEEDS_DIR.exists(), reason="../shared/seeds is not beside the project")
def test_an_editor_uploads_tags_dates_and_finds_an_article(browser_page, live_server):
    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    from archive import services
    from archive.models import Article

    # The seed is in the archive from the start: remove it to upload it again.
    services.article_delete(article=Article.objects.get(original_filename=SEEDS[1].filename))
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/archive/article/upload/")
    check_page(page, "admin-upload")
    page.set_input_files("#id_files", [str(SEEDS[1].path), str(SEEDS[0].path)])
    page.click("input[name=parse]")

    first = page.locator("#review-0")
    assert first.locator("input[name='review-0-title']").input_value() == SEEDS[1].title
    assert first.locator(".date-confidence").get_attribute("data-confidence") == "year_unknown"
    assert first.locator(".date-confidence").inner_text() == "السنة غير معروفة"
    assert "موجود في الأرشيف" in page.locator("#review-1").inner_text()
    check_page(page, "admin-review")
    page.uncheck("input[name='review-1-include']")

    # An impossible date: the page comes back with a summary at the top linking to the field,
    # and no Hijri date beside it.
    page.fill("input[name='review-0-published_on']", "31/02/2021")
    page.click("input[name=save]")
    summary = page.locator("#review-errors")
    assert "مشكلة واحدة" in summary.inner_text()
    assert first.locator(".hijri-equivalent").inner_text().strip() == ""
    check_page(page, "admin-review-errors")
    summary.locator("a").first.click()
    assert page.evaluate("() => location.hash") == "#id_review-0-published_on"

    # Day first: 21/11/2020 is 21 November, with its Hijri date beside it as it is typed.
    page.fill("input[name='review-0-published_on']", "21/11/2020")
    assert "1442" in first.locator(".hijri-equivalent").inner_text()
    page.check("input[name='review-0-confirm_date']")  # «confirmed» is only ever this box
    # Tag an actor the text does not name, found by typing one of its spellings.
    first.locator(".select2-selection").click()
    page.keyboard.type("بوتين")
    page.locator(".select2-results__option >> text=فلاديمير بوتين").click()
    page.click("input[name=save]")
    assert "حُفظ المقال رقم" in page.locator(".messagelist").inner_text()

    article = Article.objects.get(original_filename=SEEDS[1].filename)
    assert (str(article.published_on), article.date_confidence) == ("2020-11-21", "confirmed")
    assert article.mentions.filter(actor__slug="vladimir-putin", is_manual=True).exists()

    page.goto(f"{live_server.url}/")
    page.fill("#search-q", SEEDS[1].title)
    page.press("#search-q", "Enter")
    page.locator(".article-row .article-title").first.click()
    assert page.locator("h1").inner_text() == SEEDS[1].title
    assert "21 تشرين الثاني/نوفمبر 2020" in page.locator(".provenance").inner_text()
    assert "تاريخ مؤكَّد" in page.locator(".provenance").inner_text()

    # The list, then the change form, where the Hijri date follows the date as it is typed.
    page.goto(f"{live_server.url}/admin/archive/article/")
    assert page.locator("#result_list .field-title").count() == Article.objects.count()
    check_page(page, "admin-list")
    page.goto(f"{live_server.url}/admin/archive/article/{article.pk}/change/")
    assert page.locator("textarea[name=title]").input_value() == SEEDS[1].title
    hijri = page.locator(".field-published_on_hijri .hijri-equivalent")
    assert "1442" in hijri.inner_text()
    check_page(page, "admin-change")
    page.fill("#id_published_on", "21/11/2021")
    assert "1443" in hijri.inner_text()
    page.fill("#id_published_on", "31/02/2021")
    assert hijri.inner_text().strip() == ""


def test_a_reader_follows_a_feed_and_cites_an_article(browser_page, live_server):
    import feedparser
    from playwright.sync_api import expect

    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # A search announces its feed in the head and links it on the page, beside its downloads.
    page.goto(f"{live_server.url}/search/?q=لافروف")
    announced = page.locator('head link[rel=alternate][type="application/atom+xml"]').get_attribute("href")
    visible = page.locator(".feed-link a")
    assert visible.get_attribute("href") == announced and visible.is_visible()
    assert page.locator(".downloads a").count() == 3
    check_page(page, "search-feed-link")

    # So does an actor's page; its feed, fetched as a feed reader would, lists its articles.
    page.goto(f"{live_server.url}/actors/sergey-lavrov/")
    visible = page.locator(".feed-link a")
    assert visible.get_attribute("href") == page.locator('head link[rel=alternate][type="application/atom+xml"]').get_attribute("href")
    check_page(page, "actor-feed-link")
    answer = page.request.get(f"{live_server.url}{visible.get_attribute('href')}")
    assert answer.ok and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.body())
    assert feed.bozo == 0 and feed.feed.title.startswith("سيرغي لافروف")
    titles = page.locator(".article-row .article-title").all_inner_texts()
    # The page's articles, the one the archive added last first.
    assert sorted(entry.title for entry in feed.entries) == sorted(titles)
    numbers = [int(entry.link.rstrip("/").rsplit("/", 1)[1]) for entry in feed.entries]
    assert numbers == sorted(numbers, reverse=True)

    # The entry opens the article, whose citation can be copied, or selected without script.
    page.goto(feed.entries[0].link)
    assert page.locator("h1").inner_text() == feed.entries[0].title
    citation = page.locator("#citation-text").inner_text()
    assert f"«{feed.entries[0].title}»" in citation and "تاريخ الاطلاع" in citation
    assert page.locator("#permalink").inner_text() == feed.entries[0].link
    button = page.locator("button[data-copy=citation-text]")
    assert button.is_visible()  # shown by the script, where the clipboard can be written
    button.click()
    expect(page.locator(".copy-status")).to_have_text("نُسخ.")  # once the clipboard has it
    assert page.evaluate("() => navigator.clipboard.readText()") == citation
    check_page(page, "article-citation")


def test_a_researcher_reads_words_in_context_and_compares_outlets(browser_page, live_server):
    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    page = browser_page

    # From a search's results to its concordance: each occurrence between the words around it.
    page.goto(f"{live_server.url}/search/")
    page.fill("#search-q", "وقف إطلاق النار")
    page.press("#search-q", "Enter")
    page.click(".reading-links-inline >> text=الكلمة في سياقها")
    assert urlsplit(page.url).path == "/concordance/" and query_of(page.url)["q"] == ["وقف إطلاق النار"]
    rows = page.locator(".concordance tbody tr")
    assert rows.count() > 10
    assert "وقف إطلاق النار" in page.locator(".concordance td.kwic-match").all_inner_texts()
    if page.size_name == "desktop":
        # The classic look: the keyword centred, the words before it on its right and those
        # after it on its left, each set against it whatever its length.
        edges = page.evaluate(
            """() => [...document.querySelectorAll('.concordance tbody tr')].slice(0, 8).map(row => {
                const box = selector => {
                    const range = document.createRange();
                    range.selectNodeContents(row.querySelector(selector));
                    return range.getBoundingClientRect();
                };
                const match = row.querySelector('.kwic-match').getBoundingClientRect();
                return {before: box('.kwic-before span'), after: box('.kwic-after'), match};
            })"""
        )
        for row in edges:
            assert row["before"]["left"] >= row["match"]["right"] - 1 and row["before"]["left"] - row["match"]["right"] < 12
            assert row["after"]["width"] == 0 or row["match"]["left"] - row["after"]["right"] < 12
            assert row["before"]["height"] < 40 and row["after"]["height"] < 40  # one line each, cut at its far end
    check_page(page, "concordance")
    page.click(".sort-links >> text=حسب المصدر")
    assert query_of(page.url)["sort"] == ["outlet"]
    assert page.locator(".sort-links a[aria-current]").inner_text() == "حسب المصدر"
    outlets = page.locator(".concordance td.kwic-outlet").all_inner_texts()
    assert outlets[-1] == "بلا مصدر" and outlets[0] != "بلا مصدر"

    # The same search outlet by outlet: a small timeline each, over the same months.
    page.click(".reading-links >> text=مقارنة المصادر")
    assert urlsplit(page.url).path == "/compare/" and query_of(page.url)["q"] == ["وقف إطلاق النار"]
    cards = page.locator(".outlets > li")
    assert cards.count() == 2  # Ansarollah and UrduPoint; the other two articles name no outlet
    bars = [card.locator("svg rect").count() for card in cards.all()]
    assert len(set(bars)) == 1 and bars[0] > 1
    assert cards.first.locator(".ranked li").count() >= 3
    check_page(page, "compare")

    # An actor's page leads to every spelling of its name in context, and to its outlets.
    page.goto(f"{live_server.url}/actors/sergey-lavrov/")
    page.click(".reading-links-inline >> text=الكلمة في سياقها")
    assert page.locator("h1").inner_text() == "سياقات ذكر سيرغي لافروف"
    assert set(page.locator(".concordance td.kwic-match").all_inner_texts()) == {"سيرغي لافروف", "لافروف"}
    page.locator(".concordance td.kwic-match a").first.click()
    assert "سيرغي لافروف" in page.locator(".article-body mark").all_inner_texts()
    page.go_back()
    page.click(".reading-links >> text=مقارنة المصادر")
    assert urlsplit(page.url).path == "/actors/sergey-lavrov/compare/"
    check_page(page, "actor-compare")


def test_a_reader_sees_who_ran_a_story_first_and_collapses_copies(browser_page, live_server):
    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    from archive import selectors, services
    from archive.models import Article

    original = Article.objects.get(original_filename="002_d88aad4c16a3b18a.txt")
    parser = selectors.parser_from_database()
    body = "\n\n".join(["موسكو – وكالات: صدرت عن الكرملين تصريحات جديدة.", *original.body.split("\n\n")[:-1]])
    raw = f"المساء: {original.title}\n\n{body}\n".encode()
    parsed = services.upload_parse(data=raw, filename="copy.txt", parser=parser)
    edits = services.ArticleEdits(title=f"المساء: {original.title}", body=body, published_on=original.published_on.replace(day=30), source_name="صحيفة المساء")
    copy = services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer, edits=edits)
    services.index_repair()
    page = browser_page

    page.goto(f"{live_server.url}{copy.get_absolute_url()}")
    entries = page.locator(".republished-list li")
    assert entries.count() == 2
    # The first published comes first; this copy is marked as the page's own.
    assert original.source.name in entries.nth(0).inner_text()
    assert entries.nth(1).get_attribute("aria-current") == "page"
    check_page(page, "article-republished")
    entries.nth(0).locator("a").click()
    assert page.locator("h1").inner_text() == original.title

    page.goto(f"{live_server.url}/search/?q=%D8%A8%D9%8A%D8%B3%D9%83%D9%88%D9%81")
    both = page.locator(".article-row").count()
    page.check("input[name=collapse]")
    page.click(".search-box button[type=submit]")
    assert query_of(page.url)["collapse"] == ["1"]
    assert page.locator(".article-row").count() == both - 1
    assert page.locator(".article-row .copies").inner_text() == "ونسخة أخرى من هذه القصة"
    check_page(page, "search-collapsed")
