"""Pages in a real Chromium: an admin uploads seeds and corrects a date; a reader opens the article."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .seeds import SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (scripts/ensure-test-tools.sh installs it)"),
]


@pytest.fixture
def browser_page(tmp_path):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_admin_uploads_reviews_and_a_reader_sees_the_article(browser_page, live_server, tmp_path):
    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")

    # Both seed files are already in the archive from bootstrap: remove one to upload it again.
    from archive import services
    from archive.models import Article

    services.article_delete(article=Article.objects.get(original_filename=SEEDS[1].filename))
    page.goto(f"{live_server.url}/admin/archive/article/upload/")
    page.set_input_files("#id_files", [str(SEEDS[1].path), str(SEEDS[0].path)])
    page.click("input[value='Parse for review']")

    first = page.locator("#review-0")
    assert first.locator("input[name='review-0-title']").input_value() == SEEDS[1].title
    assert first.locator(".date-confidence").inner_text() == "year_unknown"
    assert "Already in the archive" in page.locator("#review-1").inner_text()
    page.uncheck("input[name='review-1-include']")
    page.fill("input[name='review-0-published_on']", "2020-11-21")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    page.click("input[value='Save articles']")
    assert "Saved #" in page.locator(".messagelist").inner_text()

    article = Article.objects.get(original_filename=SEEDS[1].filename)
    assert (str(article.published_on), article.date_confidence) == ("2020-11-21", "confirmed")

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == SEEDS[1].title
    assert "تاريخ مؤكَّد" in page.locator(".provenance").inner_text()
    page.click(".actors >> text=سيرغي لافروف")
    assert page.url.endswith("/actors/sergey-lavrov/")
    assert SEEDS[1].title in page.locator(".article-list").inner_text()
    page.screenshot(path=str(tmp_path / "actor.png"), full_page=True)


def test_a_reader_searches_filters_and_opens_a_highlighted_article(browser_page, live_server, tmp_path):
    call_command("bootstrap_archive", stdout=open(os.devnull, "w"))
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.fill(".header-search input[name=q]", "صواريخ")
    page.press(".header-search input[name=q]", "Enter")
    assert page.locator(".count").inner_text().startswith("2 ")
    marks = page.locator(".snippet mark").all_inner_texts()
    assert "بصواريخ" in marks and "صواريخ" in marks
    page.click(".facets >> text=شارل ميشيل")
    assert "actor=charles-michel" in page.url
    assert page.locator(".article-row").count() == 1
    page.click(".article-row .article-title")
    assert page.locator("h1").inner_text() == SEEDS[4].title
    assert "صواريخ" in page.locator(".article-body mark").all_inner_texts()
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    page.goto(f"{live_server.url}/search/?q=%22%D8%AD%D9%81%D8%B8")
    assert "quotation mark" in page.locator(".error").inner_text()
