"""The scale benchmark's data sets and request mix, without running the benchmark."""

import pytest

from benchmarks.scale import COPY_LINE, QUERY_MIX, _labelled_copy, _percentiles, request_for, size_label
from archive.ingest import body_fingerprint


def test_a_labelled_copy_is_a_new_article_that_says_it_is_a_copy():
    record = {"source": "okaz", "url": "http://okaz.com.sa/1", "title": "بوتين في موسكو", "content": "التقى الرئيس الروسي نظيره.", "date_extracted": "2015-08-02 10:00:00"}
    copy = _labelled_copy(record, 3)
    assert "3" in copy["title"] and record["title"] in copy["title"]
    assert copy["content"].endswith(COPY_LINE.format(copy=3))
    assert copy["url"] == "http://okaz.com.sa/1#bench-copy-3"
    # Otherwise the import would refuse it as the same text.
    assert body_fingerprint(copy["content"]) != body_fingerprint(record["content"])
    assert _labelled_copy(record | {"content": ""}, 2)["content"] == ""


@pytest.mark.django_db
def test_every_request_of_the_mix_is_the_one_the_search_form_makes(archive_data):
    """The in-process engines are asked exactly what the API is asked."""
    from urllib.parse import urlencode

    from django.http import QueryDict

    from archive.forms import SearchForm

    for query in QUERY_MIX:
        assert len(query.variants) == 3
        for variant in query.variants:
            form = SearchForm(QueryDict(urlencode(variant)))
            assert form.is_valid(), (variant, form.errors)
            assert form.search_request() == request_for(variant)


def test_percentiles_and_labels():
    samples = [float(n) for n in range(1, 101)]
    assert _percentiles(samples) == {50: 50.0, 95: 95.0, 99: 99.0}
    assert _percentiles([7.0]) == {50: 7.0, 95: 7.0, 99: 7.0}
    assert size_label(10_000, 31_030) == "10k"
    assert size_label(31_030, 31_030) == "corpus (31,030)"
    assert size_label(124_120, 31_030).startswith("4x (124,120: corpus + 3 labelled copies)")
