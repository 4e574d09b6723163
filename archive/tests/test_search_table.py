"""The article table behind filters, facets and date order agrees with the database."""

from collections import Counter
from datetime import date

import pytest

from archive.models import Article, Mention
from archive.search import table as table_module
from archive.search.engine import table_for
from archive.search.table import Filters
from archive.selectors import _whoosh_index


def _table():
    return table_for(_whoosh_index())


def _article_ids(docnums) -> set[int]:
    from archive.search.engine import searcher_for

    searcher = searcher_for(_whoosh_index())
    return {int(searcher.stored_fields(docnum)["django_id"]) for docnum in docnums}


@pytest.mark.django_db
def test_filters_select_what_the_database_holds(seed_archive):
    table = _table()
    for slug in set(Article.objects.values_list("source__slug", flat=True)) - {None}:
        expected = set(Article.objects.filter(source__slug=slug).values_list("pk", flat=True))
        assert _article_ids(table.allowed(Filters(source=slug))) == expected
    for slug in set(Mention.objects.values_list("actor__slug", flat=True)):
        expected = set(Article.objects.filter(mentions__actor__slug=slug).values_list("pk", flat=True))
        assert _article_ids(table.allowed(Filters(actors=(slug,)))) == expected
    both = Filters(actors=("russia", "armenia"), date_from=date(2020, 10, 1), date_to=date(2021, 12, 31))
    expected = set(
        Article.objects.filter(mentions__actor__slug="russia")
        .filter(mentions__actor__slug="armenia")
        .filter(published_on__range=(both.date_from, both.date_to))
        .values_list("pk", flat=True)
    )
    assert expected and _article_ids(table.allowed(both)) == expected
    assert table.allowed(Filters(source="no-such-source")) == frozenset()


@pytest.mark.django_db
def test_facets_count_what_the_database_holds(seed_archive):
    facets = _table().facets(_table().live)
    assert facets["actors"] == dict(Counter(Mention.objects.values_list("actor__slug", flat=True)))
    assert facets["sources"] == dict(Counter(s for s in Article.objects.values_list("source__slug", flat=True) if s))
    assert facets["months"] == dict(
        Counter(d.strftime("%Y-%m") for d in Article.objects.values_list("published_on", flat=True) if d)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("newest", [True, False])
def test_date_order_is_the_same_sorted_directly_or_read_off_the_index_order(seed_archive, monkeypatch, newest):
    table = _table()
    monkeypatch.setattr(table_module, "SORT_DIRECTLY_BELOW", 10**9)
    direct = table.in_date_order(table.live, newest, 0, 10)
    monkeypatch.setattr(table_module, "SORT_DIRECTLY_BELOW", 0)
    scanned = table.in_date_order(table.live, newest, 0, 10)
    assert direct == scanned
    dates = [table.ordinals[docnum] for docnum in scanned]
    dated = [ordinal for ordinal in dates if ordinal > 0]
    assert dated == sorted(dated, reverse=newest)
    assert dates == dated + [0] * (len(dates) - len(dated))  # undated last either way
    assert table.in_date_order(table.live, newest, 2, 4) == scanned[2:4]
