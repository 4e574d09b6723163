"""Republished stories (`services.stories`): one text kept per outlet and grouped, on a real
database and a real Whoosh index, through the services, the API, the pages and the import."""

import json
from datetime import date
from pathlib import Path
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive import selectors, services
from archive.models import Article, Source, Story, StoryBucket
from archive.text.republication import alike

from .corpus import CORPUS, import_corpus_day
from .seeds import SEEDS

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _upload(raw: bytes, filename: str, **edits):
    """Save an upload as the review saves it, with an editor's corrections."""
    parser = selectors.parser_from_database()
    parsed = services.upload_parse(data=raw, filename=filename, parser=parser)
    corrections = services.ArticleEdits(
        title=edits.get("title", parsed.title),
        body=edits.get("body", parsed.body),
        published_on=edits.get("published_on", parsed.publication.value),
        source_name=edits.get("source_name", parsed.source_name or ""),
    )
    return services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer, edits=corrections)


def _copy_of(article: Article, *, lead: str, outlet: str, day: date, cut_last: bool = True) -> Article:
    """Another outlet's copy of `article`: its own title and lead, the last paragraph cut."""
    paragraphs = article.body.split("\n\n")
    body = "\n\n".join([lead, *(paragraphs[:-1] if cut_last else paragraphs)])
    title = f"{outlet}: {article.title}"
    raw = f"{title}\n\n{body}\n".encode()
    return _upload(raw, f"{outlet}.txt", title=title, body=body, published_on=day, source_name=outlet)


@pytest.fixture
def report(seed_archive, django_capture_on_commit_callbacks):
    """The alwafd seed and two other outlets' copies, published a day and two days later."""
    original = Article.objects.get(original_filename=SEEDS[2].filename)
    with django_capture_on_commit_callbacks(execute=True):
        first = _copy_of(original, lead="موسكو – وكالات: صدرت عن الكرملين تصريحات جديدة.", outlet="وكالة الأنباء الأولى", day=date(2023, 9, 30))
        second = _copy_of(original, lead="نقلت وكالات الأنباء عن الرئاسة الروسية قولها:", outlet="صحيفة المساء", day=date(2023, 10, 1))
    return original, first, second


def test_other_outlets_copies_are_kept_in_one_story(report):
    original, first, second = (Article.objects.get(pk=a.pk) for a in report)
    assert original.story_id is not None
    assert original.story_id == first.story_id == second.story_id
    assert {a.source.name for a in (first, second)} == {"وكالة الأنباء الأولى", "صحيفة المساء"}
    # The other seeds, reports of the same conflict written apart, stay alone.
    assert Article.objects.filter(story=None).count() == 4
    assert [a.pk for a in selectors.story_articles(story=original.story)] == [original.pk, first.pk, second.pk]


def test_the_same_text_from_the_same_outlet_or_from_none_is_refused(seed_archive):
    original = Article.objects.get(original_filename=SEEDS[2].filename)
    raw = f"{original.title}\n\n{original.body}\n".encode()
    with pytest.raises(services.DuplicateArticle) as caught:
        _upload(raw, "again.txt", source_name=original.source.name)
    assert caught.value.existing == original
    with pytest.raises(services.DuplicateArticle):
        _upload(raw, "again.txt", source_name="")
    copy = _upload(raw, "again.txt", source_name="صحيفة المساء")
    assert copy.body == original.body and copy.source.name == "صحيفة المساء"
    original.refresh_from_db()
    assert copy.story_id == original.story_id is not None


def test_the_api_lists_an_articles_republications_first_published_first(client, report):
    original, first, second = report
    data = client.get(reverse("archive:api-article", args=[second.pk])).json()
    assert data["story"] == Article.objects.get(pk=original.pk).story_id
    assert [(copy["id"], copy["published_on"]) for copy in data["republished"]] == [
        (original.pk, "2023-09-29"),
        (first.pk, "2023-09-30"),
    ]
    assert data["republished"][0]["source"] == {"slug": "alwafd", "name": original.source.name}
    story = client.get(reverse("archive:api-story", args=[data["story"]])).json()
    assert story["size"] == 3 and [copy["id"] for copy in story["articles"]] == [original.pk, first.pk, second.pk]
    listing = client.get(reverse("archive:api-stories")).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == data["story"]
    assert client.get(reverse("archive:api-story", args=[999999])).json()["code"] == "not_found"


def test_the_article_page_shows_who_published_first(client, report):
    original, first, second = report
    page = client.get(second.get_absolute_url()).content.decode()
    block = page.split('id="republished-title"')[1].split("</section>")[0]
    assert block.index(original.source.name) < block.index("وكالة الأنباء الأولى") < block.index("صحيفة المساء")
    assert 'aria-current="page"' in block and "هذا المقال" in block
    # A copy is listed once: under "also published by", not again under similar articles.
    similar = page.split('id="similar-title"')[1] if 'id="similar-title"' in page else ""
    assert first.get_absolute_url() not in similar


def test_a_collapsed_search_gives_one_hit_per_story(client, report):
    original, _, _ = report
    plain = client.get(reverse("archive:api-articles"), {"q": "بيسكوف"}).json()
    collapsed = client.get(reverse("archive:api-articles"), {"q": "بيسكوف", "collapse": "1"}).json()
    assert collapsed["collapsed"] is True
    assert collapsed["count"] == plain["count"] - 2
    sizes = {hit["id"]: hit["group_size"] for hit in collapsed["results"]}
    story_ids = set(Article.objects.filter(story=Article.objects.get(pk=original.pk).story).values_list("pk", flat=True))
    assert [sizes[pk] for pk in sizes if pk in story_ids] == [3]
    assert all(size == 1 for pk, size in sizes.items() if pk not in story_ids)
    newest = client.get(reverse("archive:api-articles"), {"collapse": "1", "sort": "newest"}).json()
    assert newest["count"] == Article.objects.count() - 2
    page = client.get(reverse("archive:search"), {"q": "بيسكوف", "collapse": "1"}).content.decode()
    assert "ونسختان أخريان من هذه القصة" in page


def test_deleting_or_rewriting_a_copy_regroups_its_story(report, django_capture_on_commit_callbacks):
    original, first, second = report
    story = Article.objects.get(pk=original.pk).story_id
    with django_capture_on_commit_callbacks(execute=True):
        services.article_delete(article=Article.objects.get(pk=original.pk))
    # The lead gone, the copies alike each other stay one story.
    assert set(Article.objects.filter(story=story).values_list("pk", flat=True)) == {first.pk, second.pk}
    rewritten = Article.objects.get(pk=first.pk)
    rewritten.body = "\n\n".join(Article.objects.get(original_filename=SEEDS[4].filename).body.split("\n\n")[1:])
    with django_capture_on_commit_callbacks(execute=True):
        services.article_edit(article=rewritten, changed_fields=["body"])
    # A story of one is no story: the last copy is alone, the story gone; the rewritten
    # article now joins the story its new text belongs to.
    assert Article.objects.get(pk=second.pk).story_id is None
    assert not Story.objects.filter(pk=story).exists()
    seed_four = Article.objects.get(original_filename=SEEDS[4].filename)
    assert Article.objects.get(pk=first.pk).story_id == seed_four.story_id is not None
    assert not StoryBucket.objects.filter(article_id=original.pk).exists()
    # The index follows: a collapsed search counts the two as one.
    collapsed = selectors.article_search(request=_request(collapse=True))
    assert collapsed.total == Article.objects.count() - 1


def test_another_outlets_copy_goes_through_upload_review_and_save_into_the_story(
    admin_client, seed_archive, django_capture_on_commit_callbacks
):
    """The editor's whole action: upload the copy, read what the review says, save it."""
    from .test_admin import review_post_data

    seed = SEEDS[2]
    first = Article.objects.get(original_filename=seed.filename)
    Article.objects.filter(pk=first.pk).update(source=Source.objects.get(slug="ansarollah"))
    # The same text in other bytes (Windows line ends): the same file would be the same upload.
    response = admin_client.post(reverse("admin:archive_article_upload"), {"files": [_file(seed, seed.raw().replace(b"\n", b"\r\n"))]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "نشرت وسائل إعلام أخرى هذا النص" in page and f"/admin/archive/article/{first.pk}/change/" in page
    assert "سيُرفض" not in page
    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_client.post(reverse("admin:archive_article_review"), review_post_data(response.context["formset"]))
    assert saved.status_code == 302
    copy = Article.objects.exclude(pk=first.pk).get(original_filename=seed.filename)
    assert copy.source.slug == "alwafd" and copy.body == first.body
    assert copy.story_id is not None and copy.story_id == Article.objects.get(pk=first.pk).story_id
    assert selectors.article_search(request=_request(collapse=True)).total == Article.objects.count() - 1


def _file(seed, raw: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(seed.filename, raw, content_type="text/plain")


def _request(**options):
    from archive.search.engine import SearchRequest

    return SearchRequest(**options)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the SaudiNewsNet corpus is not in ../shared")
def test_a_corpus_day_groups_each_story_around_its_lead_and_again_alike(archive_data, tmp_path):
    """The 353 real records of two online outlets on one day: both ran agency reports."""
    import_corpus_day(tmp_path, "2015-08-06", lambda records: [r for r in records if r["source"] in ("sabq", "alweeam")])
    stories = {}
    for pk, story, stored, count, source in Article.objects.exclude(story=None).values_list(
        "pk", "story", "story_signature", "story_shingles", "source"
    ):
        stories.setdefault(story, []).append((pk, (bytes(stored), count), source))
    assert len(stories) >= 10
    # Both outlets' copies; every copy alike its lead.
    assert sum(1 for members in stories.values() if len({source for _, _, source in members}) > 1) >= 8
    for members in stories.values():
        lead = min(members)
        assert all(alike(lead[1], signed) for _, signed, _ in members)
    found = {frozenset(pk for pk, _, _ in members) for members in stories.values()}
    call_command("find_stories", "--all", stdout=StringIO())
    again = {}
    for pk, story in Article.objects.exclude(story=None).values_list("pk", "story"):
        again.setdefault(story, set()).add(pk)
    assert {frozenset(members) for members in again.values()} == found


def _signed_article(number: int, values: list[int]) -> Article:
    import struct

    return Article.objects.create(
        title=f"مقال {number}",
        body=f"نص المقال {number}",
        original_text=f"نص المقال {number}",
        checksum=f"{number:064x}",
        body_fingerprint=f"{number:064x}",
        story_signature=struct.pack(f"<{len(values)}I", *values),
        story_shingles=200,
    )


def test_an_article_is_compared_with_the_lead_of_a_story_it_shares_no_bucket_with(db):
    """Signatures made by hand: the new article shares buckets only with a copy, never with
    the story's lead, and is alike both."""
    lead_values = list(range(128))
    # Three values of every band of four as the lead's: 75% alike, no band whole.
    arriving_values = [value if position % 4 < 3 else 1000 + position for position, value in enumerate(lead_values)]
    # The first half of the bands as the arriving article's, the second as the lead's.
    copy_values = arriving_values[:64] + lead_values[64:]
    lead, copy, arriving = (_signed_article(n, values) for n, values in enumerate([lead_values, copy_values, arriving_values], 1))
    services.stories_assign(articles=[lead, copy], signed=True)
    assert Article.objects.get(pk=lead.pk).story_id == Article.objects.get(pk=copy.pk).story_id is not None
    changed = services.stories_assign(articles=[arriving], signed=True)
    assert changed == {arriving.pk}
    assert arriving.story_id == Article.objects.get(pk=lead.pk).story_id
    assert set(StoryBucket.objects.filter(article=arriving).values_list("key", flat=True)).isdisjoint(
        StoryBucket.objects.filter(article=lead).values_list("key", flat=True)
    )


def test_when_the_lead_goes_copies_unlike_each_other_leave_the_story(db):
    """Signatures made by hand: two copies each alike the lead, unlike each other."""
    lead_values = list(range(128))
    # Each copy keeps a different five eighths of the lead's values: alike it, not each other.
    first_values = [value if position % 8 < 5 else 2000 + position for position, value in enumerate(lead_values)]
    second_values = [value if position % 8 >= 3 else 3000 + position for position, value in enumerate(lead_values)]
    lead, first, second = (_signed_article(n, values) for n, values in enumerate([lead_values, first_values, second_values], 1))
    services.stories_assign(articles=[lead, first, second], signed=True)
    story = Article.objects.get(pk=lead.pk).story_id
    assert set(Article.objects.filter(story=story).values_list("pk", flat=True)) == {lead.pk, first.pk, second.pk}
    changed = services.story_leave(article=Article.objects.get(pk=lead.pk))
    Article.objects.filter(pk=lead.pk).delete()
    assert changed == {first.pk, second.pk}
    assert not Article.objects.exclude(story=None).exists()
    assert not Story.objects.exists()


def test_a_short_text_run_word_for_word_by_another_outlet_joins_its_story(seed_archive):
    notice = "عاجل: بوتين يصل إلى باكو في زيارة رسمية"
    # Each page carried the notice above another article; the editors kept the notice alone.
    pages = [Article.objects.get(original_filename=SEEDS[number].filename) for number in (2, 3)]
    first, second = (
        _upload(f"{notice}\n\n{page.body}\n".encode(), f"{outlet}.txt", title=notice, body=body, source_name=outlet)
        for page, outlet, body in zip(pages, ["صحيفة المساء", "وكالة الأنباء الأولى"], [notice, notice + "."])
    )
    assert first.story_signature is None
    assert second.story_id is not None and second.story_id == Article.objects.get(pk=first.pk).story_id


def test_an_edit_from_a_form_read_before_the_story_changed_keeps_the_archives_story(report, django_capture_on_commit_callbacks):
    original, first, second = report
    stale = Article.objects.get(pk=second.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_delete(article=Article.objects.get(pk=original.pk))
        services.article_delete(article=Article.objects.get(pk=first.pk))
    # The story is gone with its other articles; the form still holds it.
    assert stale.story_id is not None and not Story.objects.filter(pk=stale.story_id).exists()
    stale.title = "المساء: روسيا تقرر مع أذربيجان مستقبل مهمة حفظ السلام"
    services.article_edit(article=stale, changed_fields=["title"])
    assert Article.objects.get(pk=second.pk).story_id is None


@pytest.mark.parametrize("value, collapsed", [("1", True), ("true", True), ("0", False), ("false", False), ("", False)])
def test_collapse_is_said_one_way_or_the_other(client, report, value, collapsed):
    data = client.get(reverse("archive:api-articles"), {"q": "بيسكوف", "collapse": value}).json()
    assert data["collapsed"] is collapsed
    assert (data["count"] < data["article_count"]) is collapsed


def test_a_collapse_that_is_no_yes_or_no_is_refused(client, report):
    response = client.get(reverse("archive:api-articles"), {"q": "بيسكوف", "collapse": "maybe"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_parameters"
    assert "collapse" in response.json()["errors"]


def test_a_collapsed_search_counts_every_article_in_its_timeline_and_pages(client, report):
    page = client.get(reverse("archive:search"), {"q": "بيسكوف", "collapse": "1"})
    assert page.status_code == 200
    assert page.context["page"].undated == 0 and page.context["page"].articles_total == 3
    newest = client.get(reverse("archive:api-articles"), {"collapse": "1", "sort": "newest", "page_size": "2"}).json()
    oldest = client.get(reverse("archive:api-articles"), {"collapse": "1", "sort": "oldest", "page_size": "2"}).json()
    assert newest["count"] == oldest["count"] == Article.objects.count() - 2
    walked = []
    for number in range(1, newest["num_pages"] + 1):
        walked += client.get(reverse("archive:api-articles"), {"collapse": "1", "sort": "newest", "page_size": "2", "page": number}).json()["results"]
    assert len(walked) == newest["count"] and len({hit["id"] for hit in walked}) == len(walked)
    assert sorted(hit["group_size"] for hit in walked) == [1, 1, 1, 1, 3]
    # The latest added first: the last copy stands for its story.
    added = client.get(reverse("archive:api-articles"), {"collapse": "1", "sort": "added"}).json()
    assert [hit["id"] for hit in added["results"]] == sorted((hit["id"] for hit in added["results"]), reverse=True)
    assert added["results"][0]["id"] == report[2].pk and added["results"][0]["group_size"] == 3
    past = client.get(reverse("archive:search"), {"collapse": "1", "sort": "newest", "page_size": "2", "page": "99"})
    assert past.status_code == 302 and "page=3" in past["Location"]


STORIES_STATE = """
import json
from archive.models import Article, Story
from archive.services.stories import _alike, _known
members = {}
for pk, story in Article.objects.values_list("pk", "story"):
    members.setdefault(story, []).append(pk)
known = _known(set(Article.objects.values_list("pk", flat=True)))
print(json.dumps({
    "alone": len(members.get(None, [])),
    "sizes": sorted(len(pks) for story, pks in members.items() if story is not None),
    "stories": Story.objects.count(),
    "apart_from_lead": sum(1 for story, pks in members.items() if story is not None for pk in pks if not _alike(known[min(pks)], known[pk])),
}))
"""


def test_two_importers_at_once_place_every_copy_in_one_story_per_report(tmp_path):
    """Two processes import at the same moment, each an outlet's copies of the same five
    reports (each copy with its own opening line): five stories, every copy in one."""
    from .test_index_consistency import manage

    bodies = [record["body"] for record in json.loads((FIXTURES / "seed_articles.json").read_text(encoding="utf-8"))["articles"]]
    files = []
    for outlet in ("صحيفة المساء", "وكالة الأنباء الأولى"):
        path = tmp_path / f"{len(files)}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for copy in range(4):
                for number, body in enumerate(bodies):
                    lead = f"نقل مراسل {outlet} في النسخة {copy} من التقرير {number} ما يلي."
                    record = {"title": f"{outlet} {copy}: التقرير {number}", "body": f"{lead}\n\n{body}", "date": "2021-11-26", "source": outlet}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        files.append(path)
    manage(tmp_path, "migrate", "--noinput", "-v0")
    manage(tmp_path, "bootstrap_archive")
    importers = [manage(tmp_path, "import_articles", str(path), "--no-progress", "--workers", "1", wait=False) for path in files]
    for importer in importers:
        _, errors = importer.communicate(timeout=300)
        assert importer.returncode == 0, errors
    state = json.loads(manage(tmp_path, "shell", "--no-imports", "-c", STORIES_STATE))
    # The five seeds themselves and the forty copies: five stories of nine, none apart from its lead.
    assert state == {"alone": 0, "sizes": [9, 9, 9, 9, 9], "stories": 5, "apart_from_lead": 0}
