"""The public pages, through real requests on the seed archive."""

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
    response = client.get(reverse("archive:article-original", args=[article.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == SEEDS[0].path.read_text(encoding="utf-8")


def test_html_in_an_article_is_escaped(client, seed_archive):
    article = Article.objects.first()
    article.body = "<script>alert('x')</script> نص"
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_actor_page_lists_articles_and_months(client, seed_archive):
    actor = Actor.objects.get(slug="charles-michel")
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "شارل ميشيل" in page and "Charles Michel" in page
    assert SEEDS[3].title in page and SEEDS[4].title in page
    assert SEEDS[0].title not in page
    assert "نوفمبر 2021" in page and "أكتوبر 2020" in page
    assert "ميشيل عون" not in page  # exclusions are not spellings


def test_source_page(client, seed_archive):
    source = Source.objects.get(slug="alwafd")
    page = client.get(source.get_absolute_url()).content.decode()
    assert SEEDS[2].title in page and "سبتمبر 2023" in page


@pytest.mark.parametrize("url", ["/articles/999999/", "/actors/nobody/", "/sources/nothing/", "/articles/999999/original/"])
def test_missing_things_are_404(client, seed_archive, url):
    assert client.get(url).status_code == 404


def test_pagination_bad_page_is_404_not_500(client, seed_archive):
    assert client.get(reverse("archive:article-list") + "?page=abc").status_code == 404
    assert client.get(reverse("archive:article-list") + "?page=99").status_code == 404
