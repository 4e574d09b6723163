"""Atom feeds of a search, an actor and a source, read back with feedparser as a feed reader
reads them; the pages that announce them."""

import html
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from django.urls import reverse

from archive import selectors, services
from archive.feeds import FEED_ENTRIES
from archive.models import Actor, Article, Source
from archive.selectors import articles_latest_added

from .corpus import CORPUS, import_corpus_day
from .seeds import SEEDS

pytestmark = pytest.mark.django_db
SEARCH_FEED = reverse("archive:search-feed")


def read_feed(client, url: str, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == "ar"
    return feed


def entry_time(entry) -> datetime:
    return datetime(*entry.published_parsed[:6], tzinfo=timezone.utc)


def check_entries(client, feed, articles: list[Article]) -> None:
    """The feed's entries are these articles, in this order, each linking to its page."""
    assert [entry.title for entry in feed.entries] == [article.title for article in articles]
    for entry, article in zip(feed.entries, articles):
        assert entry.link == f"http://testserver/articles/{article.pk}/" == entry.id
        assert client.get(urlsplit(entry.link).path).context["article"] == article
        # An entry without an outlet has the feed's author, the archive (Atom's inheritance).
        assert entry.get("author", feed.feed.author) == (article.source.name if article.source else "أرشيف تغطية النزاع")
        assert entry.summary.startswith("<p>") and article.body[:20] in html.unescape(entry.summary)
        assert {tag.term for tag in entry.get("tags", [])} == {m.actor.name for m in article.mentions.all()}
        if article.published_on:
            assert entry_time(entry).date() == article.published_on
        else:
            assert entry_time(entry) == article.created_at.replace(microsecond=0)
            assert "تاريخ النشر غير معروف" in entry.summary


def test_a_search_feed_gives_its_results_the_latest_added_first_in_arabic(client, seed_archive):
    feed = read_feed(client, SEARCH_FEED, {"q": "قره باغ", "actor": "russia", "sort": "relevance", "page": 2})
    assert feed.feed.title == "«قره باغ»، روسيا — بحث في أرشيف تغطية النزاع"
    assert feed.feed.link == "http://testserver/search/?q=%D9%82%D8%B1%D9%87+%D8%A8%D8%A7%D8%BA&actor=russia"
    found = client.get(reverse("archive:api-articles"), {"q": "قره باغ", "actor": "russia", "sort": "added"}).json()
    # The latest added first whatever the order asked, every result of the search (the page number left aside).
    expected = [Article.objects.get(pk=result["id"]) for result in found["results"]]
    assert len(expected) == found["count"] > 1
    assert [article.pk for article in expected] == sorted((article.pk for article in expected), reverse=True)
    check_entries(client, feed, expected)
    added = [datetime(*entry.updated_parsed[:6], tzinfo=timezone.utc) for entry in feed.entries]
    assert added == [article.created_at.replace(microsecond=0) for article in expected]


def test_the_feed_of_everything_dates_the_undated_article_by_its_addition(client, seed_archive):
    feed = read_feed(client, SEARCH_FEED)
    assert feed.feed.title == "أحدث مقالات أرشيف تغطية النزاع"
    check_entries(client, feed, list(articles_latest_added()))


def test_an_old_report_archived_today_reaches_the_feeds_first(client, seed_archive, django_capture_on_commit_callbacks):
    """The alert: a report published years ago, added to the archive now, is news to a subscriber."""
    parser = selectors.parser_from_database()
    raw = SEEDS[3].raw().replace(b"\n", b"\r\n")
    parsed = services.upload_parse(data=raw, filename="old.txt", parser=parser)
    edits = services.ArticleEdits(
        title=parsed.title, body=parsed.body, published_on=date(2019, 1, 2), source_name="صحيفة المساء"
    )
    with django_capture_on_commit_callbacks(execute=True):
        old = services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer, edits=edits)
    for address, params in [(SEARCH_FEED, {"q": "بوتين"}), (reverse("archive:source-feed", args=[old.source.slug]), {})]:
        assert read_feed(client, address, params).entries[0].title == old.title
    putin = reverse("archive:actor-feed", args=["vladimir-putin"])
    assert read_feed(client, putin).entries[0].link.endswith(f"/articles/{old.pk}/")


def test_a_search_feed_holds_at_most_its_bound(client, seed_archive, monkeypatch):
    monkeypatch.setattr("archive.feeds.FEED_ENTRIES", 2)
    assert len(read_feed(client, SEARCH_FEED, {"q": "روسيا"}).entries) == 2
    assert FEED_ENTRIES == 50


def test_actor_and_source_feeds(client, seed_archive):
    actor = Actor.objects.get(slug="sergey-lavrov")
    feed = read_feed(client, reverse("archive:actor-feed", args=[actor.slug]))
    assert feed.feed.title == f"{actor.name} في أرشيف تغطية النزاع"
    assert feed.feed.subtitle == f"أحدث المقالات التي تذكر {actor.name}."
    assert feed.feed.link == f"http://testserver{actor.get_absolute_url()}"
    check_entries(client, feed, list(articles_latest_added(actor=actor)))
    source = Source.objects.get(slug="alwafd")
    feed = read_feed(client, reverse("archive:source-feed", args=[source.slug]))
    assert feed.feed.title == f"{source.name} في أرشيف تغطية النزاع"
    check_entries(client, feed, list(articles_latest_added(source=source)))
    assert client.get(reverse("archive:actor-feed", args=["nobody"])).status_code == 404


@pytest.mark.parametrize(
    "params, message",
    [({"q": '"حفظ'}, "علامة تنصيص"), ({"source": "nowhere"}, "nowhere"), ({"from": "2021-01-01", "to": "2020-01-01"}, "تاريخ البداية")],
)
def test_a_bad_search_feed_gets_its_message_not_a_500(client, seed_archive, params, message):
    response = client.get(SEARCH_FEED, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def _announced(html: str) -> tuple[list[str], list[str]]:
    tree = lxml.html.fromstring(html)
    head = [link.get("href") for link in tree.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"][@title]')]
    shown = [link.get("href") for link in tree.xpath('//main//a[@type="application/atom+xml"]')]
    return head, shown


def test_pages_announce_their_feed_in_the_head_and_link_it_visibly(client, seed_archive):
    search = client.get(reverse("archive:search"), {"q": "روسيا", "sort": "oldest", "page": 2, "page_size": 2}).content.decode()
    head, shown = _announced(search)
    assert head == shown == [f"{SEARCH_FEED}?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"]
    assert "تابِع المقالات الجديدة في قارئ الخلاصات" in search
    assert _announced(client.get(reverse("archive:search")).content.decode()) == ([], [])  # nothing searched yet
    for page, feed in (
        (reverse("archive:actor-detail", args=["russia"]), reverse("archive:actor-feed", args=["russia"])),
        (reverse("archive:source-detail", args=["alwafd"]), reverse("archive:source-feed", args=["alwafd"])),
    ):
        head, shown = _announced(client.get(page).content.decode())
        assert head == shown == [feed]
        read_feed(client, feed)


@pytest.mark.corpus
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CORPUS.exists(), reason="the SaudiNewsNet corpus is not in ../shared")
def test_a_corpus_days_feed_is_valid_and_bounded(client, archive_data, tmp_path):
    """300 real records of one day, their titles and bodies as the outlets wrote them."""
    import_corpus_day(tmp_path, "2015-08-11", lambda records: records[:300])
    found = client.get(reverse("archive:api-articles"), {"sort": "added", "page_size": FEED_ENTRIES}).json()
    assert found["count"] > FEED_ENTRIES
    feed = read_feed(client, SEARCH_FEED)
    assert len(feed.entries) == FEED_ENTRIES
    check_entries(client, feed, [Article.objects.get(pk=result["id"]) for result in found["results"]])
