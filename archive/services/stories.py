"""Grouping articles into republished stories, as they arrive, change or leave.

Each article's body gets a MinHash signature and its LSH buckets (`archive.text.republication`);
an arriving article is compared with the articles sharing a bucket with it. A story is held
together by its lead, its earliest-added article: an article joins a story only when it is
alike that lead, so a chain of look-alike announcements (the fourth, fifth and sixth relief
flight) never fuses into one story through the copies between them. Alike an article that is
in no story yet, it forms a new story with it. The very same text is alike whatever its length,
even too short to sign.

These run inside the caller's transaction, and return the articles whose story changed: the
caller queues them for the search index, which groups results by story.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Min

from ..models import Article, Story, StoryBucket
from ..text.republication import alike, buckets, signatures, similarity
from .index_queue import index_queue_push

# Bucket keys looked up in one query.
KEYS_PER_QUERY = 5000


def stories_sign(*, articles: list[Article]) -> None:
    """Set the story signature of `articles` from their bodies (not saved)."""
    computed = signatures(article.body for article in articles)
    for article, (stored, count) in zip(articles, computed):
        article.story_signature, article.story_shingles = stored, count


def stories_assign(*, articles: list[Article], signed: bool = False) -> set[int]:
    """Sign `articles` (saved, with their current bodies; `signed`: already saved with their
    signatures), file their buckets and place each in a story, earliest added first; return
    the ids of every article whose story changed."""
    articles = sorted(articles, key=lambda article: article.pk)
    if not articles:
        return set()
    _lock_stories()
    if not signed:
        stories_sign(articles=articles)
        Article.objects.bulk_update(articles, ["story_signature", "story_shingles"], batch_size=500)
    ids = [article.pk for article in articles]
    StoryBucket.objects.filter(article_id__in=ids).delete()
    keys_of = {article.pk: buckets(bytes(article.story_signature)) for article in articles if article.story_signature}
    StoryBucket.objects.bulk_create(StoryBucket(article_id=pk, key=key) for pk, keys in keys_of.items() for key in keys)
    candidates = _sharing(keys_of)
    for pk, others in _same_text(ids).items():
        candidates[pk] = candidates.get(pk, set()) | others
    known = _known({other for others in candidates.values() for other in others} | set(ids))
    leads = _leads({entry["story"] for entry in known.values() if entry["story"]})
    # A story's lead need not share a bucket with the article: it is compared all the same.
    known |= _known(set(leads.values()) - set(known))
    changed: set[int] = set()
    for article in articles:
        placed = _place(article.pk, candidates.get(article.pk, set()), known, leads)
        for pk, story in placed.items():
            if known[pk]["story"] != story:
                known[pk]["story"] = story
                changed.add(pk)
    _save_stories(known, changed)
    for article in articles:
        article.story_id = known[article.pk]["story"]
    return changed


# The key of the PostgreSQL advisory lock that makes placing articles in stories one writer
# at a time: two imports placing look-alike articles at once would each start a story.
STORIES_LOCK = 7_146_001


def _lock_stories() -> None:
    """Hold, until the transaction ends, the right to place articles in stories (SQLite has
    one writer at a time already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORIES_LOCK])


def _sharing(keys_of: dict[int, list[int]]) -> dict[int, set[int]]:
    """For each article, the other articles sharing one of its buckets."""
    by_key: dict[int, set[int]] = defaultdict(set)
    all_keys = list({key for keys in keys_of.values() for key in keys})
    for start in range(0, len(all_keys), KEYS_PER_QUERY):
        rows = StoryBucket.objects.filter(key__in=all_keys[start : start + KEYS_PER_QUERY]).values_list("key", "article_id")
        for key, pk in rows:
            by_key[key].add(pk)
    return {pk: {other for key in keys for other in by_key[key]} - {pk} for pk, keys in keys_of.items()}


def _same_text(ids: list[int]) -> dict[int, set[int]]:
    """For each article, the others with its very text (normalised): a copy too short for a
    signature is still a copy."""
    texts = dict(Article.objects.filter(pk__in=ids).values_list("pk", "body_fingerprint"))
    holders: dict[str, set[int]] = defaultdict(set)
    for pk, text in Article.objects.filter(body_fingerprint__in=set(texts.values())).values_list("pk", "body_fingerprint"):
        holders[text].add(pk)
    return {pk: holders[text] - {pk} for pk, text in texts.items() if len(holders[text]) > 1}


def _known(ids: set[int]) -> dict[int, dict]:
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "story_id", "story_signature", "story_shingles", "body_fingerprint")
    return {
        pk: {"story": story, "signed": (bytes(stored), count) if stored else None, "text": text}
        for pk, story, stored, count, text in rows
    }


def _alike(first: dict, second: dict) -> bool:
    """Whether two known articles are one story's text: the same text, or signatures alike."""
    if first["text"] == second["text"]:
        return True
    return first["signed"] is not None and second["signed"] is not None and alike(first["signed"], second["signed"])


def _closeness(first: dict, second: dict) -> float:
    if first["signed"] is None or second["signed"] is None:
        return 1.0 if first["text"] == second["text"] else 0.0
    return similarity(first["signed"][0], second["signed"][0])


def _leads(story_ids: set) -> dict:
    """Each story's lead: its earliest-added article."""
    rows = Article.objects.filter(story_id__in=story_ids).values("story_id").annotate(lead=Min("pk"))
    return {row["story_id"]: row["lead"] for row in rows}


def _place(pk: int, candidates: set[int], known: dict[int, dict], leads: dict) -> dict[int, object]:
    """Where article `pk` goes: {article id: story}, a story being an id or a new `_NewStory`.
    It joins the story whose lead it is most alike, among the stories of its candidates (the
    articles sharing a bucket or its very text); else it forms a story with the earliest-added
    candidate alike it that is in none. Each story costs one comparison, however many of its articles
    are candidates. A story only takes articles added after its lead, which every member was
    compared with."""
    entry = known[pk]
    if entry["story"] is not None:
        return {}
    present = [known[other] | {"pk": other} for other in candidates if other in known]
    stories = {other["story"] for other in present if other["story"] is not None}
    joinable = [story for story in stories if leads[story] < pk and _alike(entry, known[leads[story]])]
    if joinable:
        return {pk: max(joinable, key=lambda story: (_closeness(entry, known[leads[story]]), -leads[story]))}
    pairs = [other["pk"] for other in present if other["story"] is None and _alike(entry, other)]
    if not pairs:
        return {}
    # The earliest-added becomes the lead: an outlet that ran the story first is never left
    # outside it because two later copies are closer to each other.
    other = min(pairs)
    story = _NewStory()
    leads[story] = min(pk, other)
    return {pk: story, other: story}


class _NewStory:
    """A story found in this call, given its row when the stories are saved."""


def _save_stories(known: dict[int, dict], changed: set[int]) -> None:
    created = {}
    for pk in sorted(changed):
        story = known[pk]["story"]
        if isinstance(story, _NewStory):
            if story not in created:
                created[story] = Story.objects.create()
            known[pk]["story"] = created[story].pk
    by_story: dict = defaultdict(list)
    for pk in changed:
        by_story[known[pk]["story"]].append(pk)
    for story, pks in by_story.items():
        Article.objects.filter(pk__in=pks).update(story=story)


def story_leave(*, article: Article) -> set[int]:
    """Take `article` out of its story and out of every comparison: it is about to be deleted,
    or its text changed (its signature and buckets were the old text's; an edited article is
    signed again by `stories_assign`). The story's other articles stay with its next lead when
    alike it, and the others are placed again. Return the ids of the other articles whose
    story changed."""
    _lock_stories()
    story_id = Article.objects.filter(pk=article.pk).values_list("story_id", flat=True).first()
    Article.objects.filter(pk=article.pk).update(story=None, story_signature=None, story_shingles=0)
    StoryBucket.objects.filter(article_id=article.pk).delete()
    article.story_id, article.story_signature, article.story_shingles = None, None, 0
    if story_id is None:
        return set()
    remaining = sorted(Article.objects.filter(story_id=story_id).values_list("pk", flat=True))
    known = _known(set(remaining))
    staying = [pk for pk in remaining[1:] if _alike(known[remaining[0]], known[pk])]
    leaving = [pk for pk in remaining if pk != remaining[0] and pk not in staying]
    if not staying:
        # A story of one is no story.
        leaving = remaining
        Story.objects.filter(pk=story_id).delete()
    Article.objects.filter(pk__in=leaving).update(story=None)
    changed = set(leaving)
    if leaving:
        placed = Article.objects.filter(pk__in=leaving).only("pk", "story_signature", "story_shingles")
        changed |= stories_assign(articles=list(placed), signed=True)
    return changed


# Articles signed and placed in one transaction when stories are found for a whole archive.
STORIES_BATCH = 1000


def stories_find(*, everything: bool = False) -> int:
    """Place in stories the articles never signed (an archive from before stories), or, with
    `everything`, find every story afresh, earliest added first; queue the articles whose
    story changed for the search index and return how many did."""
    if everything:
        with transaction.atomic():
            Article.objects.update(story=None, story_signature=None, story_shingles=0)
            StoryBucket.objects.all().delete()
            Story.objects.all().delete()
            queue = set(Article.objects.values_list("pk", flat=True))
            index_queue_push(article_ids=sorted(queue))
    ids = list(Article.objects.filter(story_shingles=0).order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), STORIES_BATCH):
        batch = ids[start : start + STORIES_BATCH]
        with transaction.atomic():
            regrouped = stories_assign(articles=list(Article.objects.filter(pk__in=batch).only("pk", "body")))
            index_queue_push(article_ids=sorted(regrouped))
        changed += len(regrouped)
    return changed
