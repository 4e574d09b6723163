"""An article's permanent link and citation, on its page and in the JSON API."""

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from archive.citations import STYLE
from archive.models import Article
from archive.text.calendars import day_label

from .seeds import SEEDS

pytestmark = pytest.mark.django_db


def seed(index: int) -> Article:
    return Article.objects.get(original_filename=SEEDS[index].filename)


def shown(client, article: Article) -> tuple[str, str]:
    """The permanent link and the citation as the article's page shows them."""
    tree = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    return tree.get_element_by_id("permalink").get("href"), tree.get_element_by_id("citation-text").text_content()


def accessed() -> str:
    return f"تاريخ الاطلاع: {day_label(timezone.localdate())}"


def test_a_dated_article_of_a_known_outlet_is_cited_with_its_address(client, seed_archive):
    article = seed(2)
    Article.objects.filter(pk=article.pk).update(url="https://www.alwafd.news/4000")
    permalink, text = shown(client, article)
    assert permalink == f"http://testserver/articles/{article.pk}/"
    assert text == (
        f"بوابة الوفد، «{article.title}»، 29 أيلول/سبتمبر 2023، https://www.alwafd.news/4000، "
        f"محفوظ في أرشيف تغطية النزاع: {permalink}، {accessed()}."
    )
    data = client.get(reverse("archive:api-article", args=[article.pk])).json()
    assert data["citation"] == {"style": STYLE, "text": text, "permalink": permalink, "accessed_on": timezone.localdate().isoformat()}


def test_a_date_the_archive_inferred_says_so_and_a_missing_outlet_is_left_out(client, seed_archive):
    article = seed(0)  # no outlet the archive knows, a date read from the first reader comment
    _, text = shown(client, article)
    assert text.startswith(f"«{article.title}»، 21 تشرين الثاني/نوفمبر 2020 (تاريخ مستنتَج)، محفوظ في")


def test_an_undated_article_is_cited_without_a_date(client, seed_archive):
    article = seed(1)
    permalink, text = shown(client, article)
    assert text == f"«{article.title}»، بلا تاريخ، محفوظ في أرشيف تغطية النزاع: {permalink}، {accessed()}."
    assert client.get(reverse("archive:api-article", args=[article.pk])).json()["citation"]["text"] == text


def test_the_copy_buttons_wait_for_the_script_and_the_text_is_there_without_it(client, seed_archive):
    html = client.get(seed(3).get_absolute_url()).content.decode()
    tree = lxml.html.fromstring(html)
    buttons = tree.xpath('//button[@data-copy]')
    assert {button.get("data-copy") for button in buttons} == {"permalink", "citation-text"}
    assert all(button.get("hidden") is not None for button in buttons)  # shown by copy.js only where it can copy
    assert len(tree.xpath('//script[contains(@src, "archive/copy.js")][@defer]')) == 1
    assert "<script>" not in html  # the site's policy allows no inline script
