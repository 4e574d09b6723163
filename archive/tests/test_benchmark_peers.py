"""The benchmark's peers answer the archive's requests like the archive does, so their
timings compare like with like."""

from datetime import date

import pytest

from benchmarks.peers import Document, Fts5, HaystackDefault
from archive.models import Article
from archive.search.analysis import current_gazetteer
from archive.search.engine import SearchRequest, search_articles
from archive.selectors import _whoosh_index
from archive.text.query import parse_query

FILTER_REQUESTS = [
    SearchRequest(),
    SearchRequest(actors=["csto"]),
    SearchRequest(source="alwafd"),
    SearchRequest(date_from=date(2020, 10, 1), date_to=date(2020, 12, 31)),
    SearchRequest(actors=["russia"], sort="oldest"),
]
TEXT_QUERIES = ["صواريخ", "قره باغ", '"حفظ السلام"', "بوتين -أردوغان", "باشينيان OR علييف"]


def _documents() -> list[Document]:
    return [
        Document(
            str(article.pk),
            f"{article.title}\n{article.body}",
            article.source.slug if article.source else "",
            article.published_on.toordinal() if article.published_on else 0,
            tuple(sorted(m.actor.slug for m in article.mentions.all())),
        )
        for article in Article.objects.select_related("source").prefetch_related("mentions__actor")
    ]


@pytest.fixture
def peers(seed_archive, tmp_path):
    gazetteer = current_gazetteer()
    engines = [HaystackDefault(tmp_path / "haystack"), Fts5(tmp_path / "fts5.sqlite3", gazetteer)]
    for engine in engines:
        engine.build(_documents())
    return engines


def _ours(request: SearchRequest):
    return search_articles(_whoosh_index(), request, current_gazetteer())


@pytest.mark.django_db
@pytest.mark.parametrize("request_number", range(len(FILTER_REQUESTS)))
def test_peers_filter_facet_and_order_like_the_archive(peers, request_number):
    request = FILTER_REQUESTS[request_number]
    ours = _ours(request)
    for peer in peers:
        answer = peer.search(request)
        assert answer.total == ours.total, peer.name
        assert answer.facets == {name: dict(ours.facets[name]) for name in answer.facets}, peer.name
        assert sorted(answer.keys) == sorted(str(i) for i in ours.article_ids), peer.name
        if request.effective_sort != "relevance":
            # Equal dates may come in another order, and haystack's stock sort puts undated
            # articles first when newest come first; the dated ones' order must agree.
            published = {str(a.pk): a.published_on for a in Article.objects.all()}
            dated = [published[key] for key in answer.keys if published[key]]
            assert dated == [published[str(i)] for i in ours.article_ids if published[str(i)]], peer.name


@pytest.mark.django_db
@pytest.mark.parametrize("text", TEXT_QUERIES)
def test_fts5_with_the_archive_analysis_finds_the_same_articles(peers, text):
    fts5 = peers[1]
    request = SearchRequest(query=parse_query(text), page_size=100)
    assert sorted(fts5.search(request).keys) == sorted(str(i) for i in _ours(request).article_ids)
