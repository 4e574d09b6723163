"""Reads shared by the pages and the commands."""

import pytest

from archive import selectors, services
from archive.text.tokenize import line_key

from .corpus import CORPUS, import_corpus_day
from .seeds import SEEDS


STORIES = [
    ("وزير الخارجية يبحث مع نظيره الروسي تطورات الأوضاع", "بحث وزير الخارجية اليوم مع نظيره الروسي سيرغي لافروف تطورات الأوضاع في المنطقة، وسبل دعم الحل السياسي."),
    ("ارتفاع أسعار الذهب في السوق المحلية", "ارتفعت أسعار الذهب في السوق المحلية مع بداية تعاملات اليوم، وسط إقبال متزايد على الشراء قبل الأعياد."),
    ("الأرصاد تتوقع طقسا حارا خلال الأيام المقبلة", "توقعت هيئة الأرصاد الجوية أن يسود طقس حار على معظم أنحاء البلاد خلال الأيام المقبلة، مع نشاط للرياح."),
    ("افتتاح معرض الكتاب بمشاركة مئات الناشرين", "افتتح وزير الثقافة اليوم معرض الكتاب بمشاركة مئات الناشرين من الدول العربية والأجنبية، ويستمر أسبوعين."),
]
# A paragraph a wire repeats in every story: article text, not boilerplate.
BACKGROUND = "يذكر أن الحكومة أعلنت في وقت سابق خطة شاملة لدعم الاقتصاد الوطني، تشمل حزمة من الإجراءات العاجلة."


def _page(title: str, paragraph: str) -> bytes:
    return "\n".join(["تابعوا بوابة الوفد على تطبيق نبض", title, paragraph, BACKGROUND, "المصدر: بوابة الوفد"]).encode()


def test_lines_an_outlets_articles_repeat_become_its_boilerplate(archive_data):
    parser = selectors.parser_from_database()
    for number, (title, paragraph) in enumerate(STORIES):
        raw = _page(title, paragraph)
        parsed = services.upload_parse(data=raw, filename=f"{number}.txt", parser=parser)
        assert parsed.source_slug == "alwafd"
        services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer)
    recurring = selectors.sources_recurring_lines()
    assert line_key("تابعوا بوابة الوفد على تطبيق نبض") in recurring["alwafd"]
    assert line_key(BACKGROUND) not in recurring["alwafd"]
    # A new upload from the outlet is read without the line its pages repeat, and keeps its text.
    fresh = selectors.parser_from_database().parse_upload(
        _page("انطلاق مؤتمر الاستثمار بمشاركة دولية", "انطلقت اليوم أعمال مؤتمر الاستثمار بمشاركة وفود من أكثر من ثلاثين دولة، ويستمر ثلاثة أيام."),
        filename="new.txt",
    )
    assert fresh.title == "انطلاق مؤتمر الاستثمار بمشاركة دولية"
    assert fresh.body.endswith(BACKGROUND)
    assert ("تابعوا بوابة الوفد على تطبيق نبض", "recurs on the outlet's other pages") in [(r.text, r.reason) for r in fresh.removed]


def test_an_outlet_with_too_few_articles_has_no_boilerplate_of_its_own(archive_data):
    parser = selectors.parser_from_database()
    # One article short of the threshold, all sharing a line: still too few to tell.
    for number, (title, paragraph) in enumerate(STORIES[: selectors.RECURRING_MIN_ARTICLES - 1]):
        raw = _page(title, paragraph)
        parsed = services.upload_parse(data=raw, filename=f"{number}.txt", parser=parser)
        services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer)
    assert selectors.sources_recurring_lines() == {}


# The overview, the directories, co-mentions and a search's neighbours, on the seed archive.


def test_the_overview_counts_what_the_archive_holds(seed_archive):
    from datetime import date

    overview = selectors.archive_overview()
    assert overview.articles == 5
    assert overview.sources == 3  # seeds 000 and 001 name no outlet the archive knows
    assert (overview.first_day, overview.last_day) == (date(2020, 10, 1), date(2023, 9, 29))
    assert overview.undated == 1 and sum(overview.day_counts.values()) == 4
    assert overview.actors == len({slug for slugs in _seed_actor_slugs() for slug in slugs})


def _seed_actor_slugs():
    from archive.models import Article

    return [set(article.mentions.values_list("actor__slug", flat=True)) for article in Article.objects.all()]


def test_articles_by_day_counts_an_article_once_however_many_actors_it_joins(seed_archive):
    from datetime import date

    from archive.models import Actor, Article

    russia = Actor.objects.get(slug="russia")
    counts, undated = selectors.articles_by_day(selectors.articles_listing(actor=russia))
    assert counts[date(2020, 11, 21)] == 1 and undated == 1
    assert sum(counts.values()) + undated == Article.objects.filter(mentions__actor=russia).count()


def test_the_actor_directory_groups_by_kind_and_finds_any_spelling(seed_archive):
    groups = selectors.actors_directory()
    assert list(groups) == ["person", "country", "organisation", "place"]
    countries = groups["country"]
    assert countries[0].article_count >= countries[-1].article_count
    assert {actor.slug for actor in countries} >= {"russia", "armenia", "azerbaijan"}
    assert [a.slug for a in selectors.actors_directory(text="لافروف")["person"]] == ["sergey-lavrov"]
    assert [a.slug for a in selectors.actors_directory(text="Lavrov")["person"]] == ["sergey-lavrov"]
    assert selectors.actors_directory(text="لا أحد بهذا الاسم") == {}


def test_the_source_directory_gives_counts_and_date_spans(seed_archive):
    from datetime import date

    sources = {source.slug: source for source in selectors.sources_directory()}
    alwafd = sources["alwafd"]
    assert (alwafd.article_count, alwafd.first_day, alwafd.last_day) == (1, date(2023, 9, 29), date(2023, 9, 29))
    assert sources["bbc-arabic"].article_count == 0 and sources["bbc-arabic"].first_day is None
    counts = [source.article_count for source in sources.values()]
    assert counts == sorted(counts, reverse=True)


def test_co_mentions_count_the_articles_naming_both(seed_archive):
    from archive.models import Actor

    lavrov = Actor.objects.get(slug="sergey-lavrov")
    named_with = {item.actor.slug: item.count for item in selectors.actor_co_mentions(actor=lavrov)}
    assert named_with["russia"] == 2 and named_with["sergei-shoigu"] == 2
    assert "sergey-lavrov" not in named_with
    assert "charles-michel" not in named_with  # never in the same article
    ordered = [item.count for item in selectors.actor_co_mentions(actor=lavrov)]
    assert ordered == sorted(ordered, reverse=True)


def test_a_hits_neighbours_are_the_hits_ranked_beside_it(seed_archive):
    from archive.search.engine import SearchRequest
    from archive.text.query import parse_query

    request = SearchRequest(query=parse_query("روسيا"), sort="newest", page_size=2)
    everything = selectors.article_search(request=SearchRequest(query=parse_query("روسيا"), sort="newest", page_size=20))
    order = [hit.article.pk for hit in everything.hits]
    assert [hit.rank for hit in everything.hits] == list(range(1, len(order) + 1))
    middle = selectors.search_neighbours(request=request, rank=3)
    assert (middle.previous.pk, middle.next.pk, middle.page) == (order[1], order[3], 2)
    first = selectors.search_neighbours(request=request, rank=1)
    assert first.previous is None and first.next.pk == order[1] and first.page == 1
    last = selectors.search_neighbours(request=request, rank=len(order))
    assert last.next is None and last.previous.pk == order[-2]


def test_recurring_lines_are_read_again_only_when_the_articles_change(archive_data, monkeypatch):
    parser = selectors.parser_from_database()
    for number, (title, paragraph) in enumerate(STORIES):
        raw = _page(title, paragraph)
        services.article_create(parsed=services.upload_parse(data=raw, filename=f"{number}.txt", parser=parser), raw=raw, gazetteer=parser.gazetteer)
    reads = []
    real = selectors._recurring_lines_read
    monkeypatch.setattr(selectors, "_recurring_lines_read", lambda: reads.append(1) or real())
    first = selectors.sources_recurring_lines()
    assert selectors.sources_recurring_lines() is first and len(reads) == 1  # every upload asks
    # An editor taking an article from the outlet changes what its pages repeat: read again.
    from archive.models import Article

    edited = Article.objects.filter(source__slug="alwafd").first()
    edited.source = None
    services.article_edit(article=edited, changed_fields=["source"])
    assert selectors.sources_recurring_lines() is not first and len(reads) == 2
    # So does a deletion; three articles are too few to tell an outlet's boilerplate.
    services.article_delete(article=Article.objects.filter(source__slug="alwafd").first())
    assert selectors.sources_recurring_lines() == {} and len(reads) == 3


# Keyword in context, and outlets compared ---------------------------------------------


def _concordance(*, q: str = "", actors=(), sort: str = "newest", **options):
    from archive.search.engine import SearchRequest
    from archive.text.query import parse_query

    request = SearchRequest(query=parse_query(q) if q else None, actors=list(actors), sort=sort)
    return selectors.concordance_of_search(request=request, **options)


def _true_to_the_article(entries) -> None:
    """Each line is its article's body at its offsets, and no context leaves its paragraph."""
    for entry in entries:
        body, line = entry.article.body, entry.line
        assert line.match == " ".join(body[line.start : line.end].split())
        assert line.left == " ".join(body[line.left_start : line.start].split())
        assert line.right == " ".join(body[line.end : line.right_end].split())
        assert "\n" not in body[line.left_start : line.start] + body[line.end : line.right_end]


def test_an_actors_concordance_has_a_line_for_each_time_an_article_names_it(seed_archive):
    from archive.models import Article
    from archive.search.analysis import current_gazetteer

    found = _concordance(actors=["sergey-lavrov"])
    _true_to_the_article(found.entries)
    tagged = Article.objects.filter(mentions__actor__slug="sergey-lavrov")
    named = [(a.pk, m.start) for a in tagged for m in current_gazetteer().find(a.body) if m.actor == "sergey-lavrov"]
    assert sorted((e.article.pk, e.line.start) for e in found.entries) == sorted(named)
    assert {e.line.match for e in found.entries} == {"سيرغي لافروف", "لافروف"}  # each as the article spells it
    assert (found.articles_found, found.articles_read, found.cut_short) == (2, 2, False)


def test_an_article_tagged_by_hand_without_naming_the_actor_has_no_line(seed_archive, django_capture_on_commit_callbacks):
    from archive.models import Actor, Article

    hand_tagged = Article.objects.get(original_filename=SEEDS[2].filename)
    lavrov = Actor.objects.get(slug="sergey-lavrov")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_edit(article=hand_tagged, changed_fields=[], tags=services.TagEdits(tagged={lavrov.pk}))
    found = _concordance(actors=["sergey-lavrov"])
    assert found.articles_found == 3 and found.articles_read == 3
    assert hand_tagged.pk not in {entry.article.pk for entry in found.entries}
    assert len(found.entries) == len(_concordance(actors=["sergey-lavrov"], limit=100).entries) == 5


def test_a_search_concordance_shows_the_words_as_each_article_wrote_them(seed_archive):
    found = _concordance(q="صواريخ")
    _true_to_the_article(found.entries)
    assert {entry.line.match for entry in found.entries} == {"صواريخ", "بصواريخ", "الصواريخ"}
    phrase = _concordance(q='"وقف إطلاق النار"')
    _true_to_the_article(phrase.entries)
    assert "وقف إطلاق النار" in {entry.line.match for entry in phrase.entries}  # a phrase is one keyword


def test_concordance_orders_and_its_bound(seed_archive):
    def when(entry):
        return entry.article.published_on

    newest = _concordance(actors=["russia"])
    dated = [when(e) for e in newest.entries if when(e)]
    assert dated == sorted(dated, reverse=True)
    assert when(newest.entries[-1]) is None  # the undated article last
    oldest = [when(e) for e in _concordance(actors=["russia"], sort="oldest").entries if when(e)]
    assert oldest == sorted(oldest)
    by_outlet = _concordance(actors=["russia"], sort="outlet").entries
    outlets = [e.article.source.name if e.article.source else None for e in by_outlet]
    named = [name for name in outlets if name]
    assert named == sorted(named) and outlets[len(named) :] == [None] * (len(outlets) - len(named))
    assert sorted(e.line.start for e in by_outlet) == sorted(e.line.start for e in newest.entries)
    bounded = _concordance(actors=["russia"], limit=3)
    assert len(bounded.entries) == 3 and bounded.cut_short
    assert [(e.article.pk, e.line.start) for e in bounded.entries] == [(e.article.pk, e.line.start) for e in newest.entries[:3]]
    assert not newest.cut_short and len(newest.entries) > 3


def test_outlets_compared_count_each_outlets_articles_and_the_actors_it_names_besides(seed_archive):
    from archive.models import Article
    from archive.search.engine import SearchRequest

    compared = selectors.outlets_compared(request=SearchRequest(actors=["russia"]))
    assert compared.total == 5 and compared.outlets_found == 3 and compared.without_outlet == 2
    for outlet in compared.outlets:
        articles = Article.objects.filter(source=outlet.source, mentions__actor__slug="russia")
        assert outlet.total == articles.count()
        assert sum(outlet.day_counts.values()) + outlet.undated == outlet.total
        assert sum(count for _, count in outlet.months) == outlet.total - outlet.undated
        assert "russia" not in {item.actor.slug for item in outlet.co_mentions}  # the actor compared is not its own company
        for item in outlet.co_mentions:
            assert item.count == articles.filter(pk__in=Article.objects.filter(mentions__actor=item.actor)).count()
    totals = [outlet.total for outlet in compared.outlets]
    assert totals == sorted(totals, reverse=True)
    assert len(selectors.outlets_compared(request=SearchRequest(), limit=2).outlets) == 2


@pytest.mark.corpus
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CORPUS.exists(), reason="the SaudiNewsNet corpus is not in ../shared")
def test_concordance_and_comparison_on_a_corpus_day(archive_data, tmp_path):
    """200 real records of one day from several outlets: every line of Iran's concordance is
    its article's text, and the outlets compared hold every article with an outlet."""
    from archive.models import Article
    from archive.search.analysis import current_gazetteer
    from archive.search.engine import SearchRequest

    import_corpus_day(tmp_path, "2015-08-06", lambda records: records[:200])
    found = _concordance(actors=["iran"], sort="outlet")
    assert found.articles_found == Article.objects.filter(mentions__actor__slug="iran").distinct().count() >= 5
    _true_to_the_article(found.entries)
    # An article with no line names Iran only in its title.
    with_lines = {entry.article.pk for entry in found.entries}
    for article in Article.objects.filter(mentions__actor__slug="iran").exclude(pk__in=with_lines):
        assert not any(m.actor == "iran" for m in current_gazetteer().find(article.body))
    outlets = [entry.article.source.name for entry in found.entries]
    assert outlets == sorted(outlets) and len(set(outlets)) >= 2
    compared = selectors.outlets_compared(request=SearchRequest(), limit=100)
    assert sum(outlet.total for outlet in compared.outlets) + compared.without_outlet == compared.total == Article.objects.count()
    assert compared.outlets_found == len(compared.outlets) == Article.objects.values("source").distinct().count()
