"""Writing articles: one upload reviewed, a bulk import, an edit, a deletion, re-tagging, the seeds.

Each write of one article completes or leaves the database as it was; the import and
re-tagging commit batch by batch. Every change queues the articles it changed for the search
index in the same transaction (`index_queue_push`).
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

from ..ingest import ParsedArticle, body_fingerprint, checksum
from ..models import Actor, Article, IndexChange, Mention, Source
from ..selectors import article_duplicate_of, gazetteer_from_database
from ..text.actors import Gazetteer
from ..text.dates import DateConfidence, DateSource, after_upload
from ..text.decode import unify_line_ends
from .gazetteer import source_resolve
from .index_queue import index_queue_push
from .originals import original_removal_queue, originals_sweep
from .stories import stories_assign, stories_sign, story_leave

# Fields an article is saved without having been validated by `full_clean`: the file is
# written by the service itself, the fingerprint computed from the body.
CLEAN_EXCLUDE = ["original_file", "body_fingerprint"]


class DuplicateArticle(ValidationError):
    """The upload is already in the archive: the same bytes, or the same normalised body
    from the same outlet (or with no outlet named)."""

    def __init__(self, message: str, *, existing: Article):
        super().__init__(message)
        self.existing = existing


@dataclass
class ArticleEdits:
    """An admin's corrections to a parsed article before it is saved."""

    title: str
    body: str
    published_on: date | None
    confirm_date: bool = False
    source_name: str = ""
    url: str = ""
    manual_actor_ids: list[int] = field(default_factory=list)


def article_create(
    *,
    parsed: ParsedArticle,
    raw: bytes,
    gazetteer: Gazetteer,
    edits: ArticleEdits | None = None,
) -> Article:
    """Save a parsed article with its original upload and its mentions.

    `edits` carries an admin's corrections; without it the parsed fields are saved as they
    are. Raises ValidationError for a duplicate or an article with no title or body; then
    nothing is saved, neither row nor file.
    """
    fields = _article_fields(parsed, edits)
    _require_title_and_body(fields)
    stored_name = None
    try:
        with transaction.atomic():
            source_name = edits.source_name.strip() if edits else (parsed.source_name or "")
            source = source_resolve(name=source_name, slug=None if edits else parsed.source_slug)
            _refuse_duplicate(parsed.checksum, fields["body_fingerprint"], source)
            article = _new_article(parsed, fields, source)
            article.full_clean(exclude=CLEAN_EXCLUDE)
            article.original_file.save(parsed.original_filename or "upload.txt", ContentFile(raw), save=False)
            stored_name = article.original_file.name
            try:
                with transaction.atomic():
                    article.save()
            except IntegrityError:
                # Another save of the same text or file committed since the check above.
                _refuse_duplicate(parsed.checksum, fields["body_fingerprint"], source)
                raise
            # The parser counted the actors of the text it read; edited text is counted afresh.
            text_unchanged = (article.title, article.body) == (parsed.title, parsed.body)
            _mentions_replace(
                article,
                gazetteer,
                manual_actor_ids=edits.manual_actor_ids if edits else (),
                counts=parsed.actors if text_unchanged else None,
            )
            regrouped = stories_assign(articles=[article])
            index_queue_push(article_ids=[article.pk, *regrouped])
    except BaseException:
        if stored_name and not Article.objects.filter(original_file=stored_name).exists():
            article.original_file.storage.delete(stored_name)
        raise
    return article


def _refuse_duplicate(checksum_hex: str, fingerprint: str, source: Source | None) -> None:
    duplicate = article_duplicate_of(checksum_hex=checksum_hex, fingerprint=fingerprint, source=source)
    if duplicate:
        raise _duplicate(duplicate)


def _duplicate(existing: Article) -> DuplicateArticle:
    return DuplicateArticle(
        _("Already in the archive as #%(number)d «%(title)s».") % {"number": existing.pk, "title": existing.title},
        existing=existing,
    )


def _new_article(parsed: ParsedArticle, fields: dict, source: Source | None) -> Article:
    """An unsaved article of these fields, keeping the upload it was parsed from."""
    return Article(
        **fields,
        source=source,
        original_text=parsed.original_text,
        original_filename=parsed.original_filename[:255],
        original_encoding=parsed.original_encoding,
        checksum=parsed.checksum,
    )


def _require_title_and_body(fields: dict) -> None:
    if not fields["title"].strip():
        raise ValidationError(_("An article needs a title."), code="no_title")
    if not fields["body"].strip():
        raise ValidationError(_("An article needs a body."), code="no_body")


@dataclass
class ImportEntry:
    """One parsed article of a bulk import.

    `raw` is an imported file's bytes, kept as the article's original file; a record of an
    import file has none, its text is kept verbatim in `original_text`.
    """

    label: str
    parsed: ParsedArticle
    raw: bytes | None = None


@dataclass
class ImportReport:
    """What became of the entries of a bulk import: ids saved, labels refused and why."""

    imported: list[int] = field(default_factory=list)
    duplicate_checksum: list[str] = field(default_factory=list)
    duplicate_body: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return len(self.duplicate_checksum) + len(self.duplicate_body)


def articles_import(*, entries: list[ImportEntry], report: ImportReport) -> None:
    """Save a batch of parsed articles as `article_create` saves one without edits, with a
    handful of queries for the whole batch.

    Entries already in the archive (the same bytes, or the same text from the same outlet),
    or repeating an earlier entry so, are reported as duplicates; invalid ones as failed;
    neither is saved. Another outlet's copy of a text is saved, in the story of the first
    (`services.stories`). The rest are saved in one
    transaction, all or none, with their rows of the index queue; their ids are added to
    `report.imported`. The caller drains the queue (in bulk) once the import is saved. When another import commits some of
    the same texts between the check and the save, the batch is checked and saved again.
    """
    for attempt in range(IMPORT_BATCH_ATTEMPTS):
        outcome = ImportReport()
        try:
            _articles_import_once(entries, outcome)
        except IntegrityError:
            if attempt + 1 == IMPORT_BATCH_ATTEMPTS:
                raise
            continue
        report.imported += outcome.imported
        report.duplicate_checksum += outcome.duplicate_checksum
        report.duplicate_body += outcome.duplicate_body
        report.failed += outcome.failed
        return


# A batch whose save meets a concurrent import's rows is checked and saved again, this often in all.
IMPORT_BATCH_ATTEMPTS = 3


def _articles_import_once(entries: list[ImportEntry], report: ImportReport) -> None:
    known_checksums = set(
        Article.objects.filter(checksum__in={e.parsed.checksum for e in entries}).values_list("checksum", flat=True)
    )
    # The outlets (ids, None for none) already holding each text of the batch.
    known_bodies: dict[str, set[int | None]] = {}
    for fingerprint, source_id in Article.objects.filter(
        body_fingerprint__in={e.parsed.body_fingerprint for e in entries}
    ).values_list("body_fingerprint", "source_id"):
        known_bodies.setdefault(fingerprint, set()).add(source_id)
    actor_ids = dict(Actor.objects.values_list("slug", "id"))
    sources: dict[tuple[str, str | None], Source | None] = {}
    accepted: list[tuple[ImportEntry, Article]] = []
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            for entry in entries:
                parsed = entry.parsed
                if parsed.checksum in known_checksums:
                    report.duplicate_checksum.append(entry.label)
                    continue
                source_key = (parsed.source_name or "", parsed.source_slug)
                if source_key not in sources:
                    sources[source_key] = source_resolve(name=source_key[0], slug=source_key[1])
                source = sources[source_key]
                holders = known_bodies.get(parsed.body_fingerprint, set())
                if holders and (source is None or source.pk in holders):
                    report.duplicate_body.append(entry.label)
                    continue
                fields = _article_fields(parsed, None)
                article = _new_article(parsed, fields, source)
                try:
                    _require_title_and_body(fields)
                    # Uniqueness was checked for the whole batch above, the source just resolved.
                    article.full_clean(
                        exclude=[*CLEAN_EXCLUDE, "source"], validate_unique=False, validate_constraints=False
                    )
                except ValidationError as error:
                    report.failed.append((entry.label, "; ".join(error.messages)))
                    continue
                known_checksums.add(parsed.checksum)
                known_bodies.setdefault(parsed.body_fingerprint, set()).add(source.pk if source else None)
                if entry.raw is not None:
                    article.original_file.save(parsed.original_filename or "upload.txt", ContentFile(entry.raw), save=False)
                    stored_names.append(article.original_file.name)
                accepted.append((entry, article))
            saved = [article for _, article in accepted]
            stories_sign(articles=saved)
            Article.objects.bulk_create(saved)
            regrouped = stories_assign(articles=saved, signed=True) - {article.pk for article in saved}
            # Queued with the rows themselves; the import drains the queue once all is saved.
            IndexChange.objects.bulk_create(IndexChange(article_id=article.pk) for article in saved)
            # Articles already archived that joined a new story change version, as any change.
            index_queue_push(article_ids=sorted(regrouped))
            Mention.objects.bulk_create(
                Mention(article=article, actor_id=actor_ids[slug], count=count)
                for entry, article in accepted
                for slug, count in entry.parsed.actors.items()
                if slug in actor_ids
            )
    except BaseException:
        storage = Article._meta.get_field("original_file").storage
        for name in stored_names:
            if not Article.objects.filter(original_file=name).exists():
                storage.delete(name)
        raise
    report.imported.extend(article.pk for _, article in accepted)


def _article_fields(parsed: ParsedArticle, edits: ArticleEdits | None) -> dict:
    publication = parsed.publication
    fields = {
        "title": parsed.title,
        "body": parsed.body,
        "published_on": publication.value,
        "date_source": publication.source.value,
        "date_confidence": publication.confidence.value,
        "date_note": publication.note,
        "url": parsed.url,
        "body_fingerprint": parsed.body_fingerprint,
    }
    if edits is None:
        return fields
    # The review shows an address as the page wrote it; it is kept percent-encoded, as imports keep it.
    fields.update(title=unify_line_ends(edits.title).strip(), body=unify_line_ends(edits.body).strip(), url=iri_to_uri(edits.url.strip()))
    if fields["body"] != parsed.body:
        fields["body_fingerprint"] = body_fingerprint(fields["body"])
    upload_date_check(edits.published_on)
    if edits.published_on != publication.value:
        typed = Article(published_on=edits.published_on)
        _record_editor_date(typed, publication, confirmed=edits.confirm_date, at_upload=True)
        fields.update(
            published_on=typed.published_on,
            date_source=typed.date_source,
            date_confidence=typed.date_confidence,
            date_note=typed.date_note,
        )
    elif edits.confirm_date and publication.value:
        fields.update(
            date_confidence=DateConfidence.CONFIRMED.value,
            date_note=f"{publication.note} وأكّده محرر عند الرفع.",
        )
    return fields


@dataclass
class TagEdits:
    """An editor's decisions on an article's tagged actors, by actor id.

    `tagged`: tagged by hand (a tag added, or an existing one ticked manual); `untagged`:
    removed (a tag deleted, or its actor replaced by another); `unmarked`: no longer manual,
    kept only where the text names the actor.
    """

    tagged: set[int] = field(default_factory=set)
    untagged: set[int] = field(default_factory=set)
    unmarked: set[int] = field(default_factory=set)


def article_edit(
    *,
    article: Article,
    changed_fields: Iterable[str],
    tags: TagEdits | None = None,
    gazetteer: Gazetteer | None = None,
) -> Article:
    """Save an editor's change of an article, its fields and its tags, in one transaction.

    `article` carries the new field values, `changed_fields` names them. A changed text is
    tagged again from the new text, then the editor's tag decisions are applied on top, and
    win. A date changed without its provenance records that an editor set it (confirmed);
    a date after the article's upload is refused; a changed body is placed in its story
    afresh. Raises ValidationError (the article as it was) for an invalid edit or a body
    another article of the same outlet already holds.
    """
    changed = set(changed_fields)
    tags = tags or TagEdits()
    text_changed = bool({"title", "body"} & changed)
    with transaction.atomic():
        previous = Article.objects.select_for_update().get(pk=article.pk)
        # The story is the archive's to keep, not the form's: it may have changed since the form was read.
        article.story_id, article.story_signature, article.story_shingles = (
            previous.story_id,
            previous.story_signature,
            previous.story_shingles,
        )
        article.title, article.body = unify_line_ends(article.title).strip(), unify_line_ends(article.body).strip()
        article_edit_check(article=article)
        article.body_fingerprint = body_fingerprint(article.body)
        if "published_on" in changed and not {"date_source", "date_confidence"} & changed:
            note = article.date_note if "date_note" in changed else None
            _record_editor_date(article, previous, confirmed=True, at_upload=False)
            # A note the editor wrote in the same save is theirs to keep.
            article.date_note = note or article.date_note
        article.full_clean(exclude=CLEAN_EXCLUDE)
        article.save()
        regrouped = set()
        if "body" in changed and article.body != previous.body:
            # The story is found again for the new text; the old story's other articles
            # are placed again without it.
            regrouped = story_leave(article=previous) | stories_assign(articles=[article])
        if text_changed or not article.mentions.exists():
            counts = (gazetteer or gazetteer_from_database()).count(f"{article.title}\n{article.body}")
        else:
            counts = None
        _mentions_replace(
            article,
            gazetteer,
            manual_actor_ids=tags.tagged,
            keep_manual=True,
            counts=counts,
            untagged=tags.untagged,
            unmarked=tags.unmarked,
        )
        index_queue_push(article_ids=[article.pk, *regrouped])
    return article


def upload_date_check(value: date | None) -> None:
    """Raise ValidationError when an editor gives an upload under review a date after today:
    no article was published after it reached the archive."""
    if value and after_upload(value, timezone.localdate()):
        raise ValidationError(
            _("%(date)s is after the upload: no article was published after it reached the archive.")
            % {"date": value.strftime("%d/%m/%Y")},
            code="date_after_upload",
        )


def article_edit_check(*, article: Article) -> None:
    """Raise ValidationError, by field, when `article` as edited cannot be saved: a date after
    its upload, or a body another article of its outlet holds (of any outlet, when it names
    none). The change form asks before saving."""
    problems = {}
    if article.published_on and after_upload(article.published_on, _upload_day(article)):
        problems["published_on"] = ValidationError(
            _("%(date)s is after the article reached the archive (%(upload)s): no article was published after its upload.")
            % {"date": article.published_on.strftime("%d/%m/%Y"), "upload": _upload_day(article).strftime("%d/%m/%Y")},
            code="date_after_upload",
        )
    fingerprint = body_fingerprint(unify_line_ends(article.body))
    same_text = Article.objects.filter(body_fingerprint=fingerprint).exclude(pk=article.pk)
    duplicate = (same_text.filter(source_id=article.source_id) if article.source_id else same_text).first()
    if duplicate:
        problems["body"] = _duplicate(duplicate)
    if problems:
        raise ValidationError(problems)


def _upload_day(article: Article) -> date:
    return timezone.localdate(article.created_at) if article.created_at else timezone.localdate()


# What an editor's note on a date says of the archive's reading before it, found again so
# that a second edit does not nest the first one's note.
_EARLIER_READING = "وكانت قراءة الأرشيف: "


def _record_editor_date(article: Article, previous, *, confirmed: bool, at_upload: bool) -> None:
    """Record on `article` that an editor set its date, in place of `previous`'s reading
    (a `PublicationDate` at upload, the stored article on the change page)."""
    before = previous.value if at_upload else previous.published_on
    note = previous.note if at_upload else previous.date_note
    earlier = note.split(_EARLIER_READING, 1)[1] if _EARLIER_READING in note else note
    article.date_source = DateSource.ADMIN.value
    if not article.published_on:
        article.date_confidence = DateConfidence.NONE.value
    else:
        article.date_confidence = (DateConfidence.CONFIRMED if confirmed else DateConfidence.MEDIUM).value
    where = "عند الرفع" if at_upload else "في صفحة المقال"
    was = before.strftime("%d/%m/%Y") if before else "بلا تاريخ"
    checked = "" if confirmed or not article.published_on else " دون أن يؤكّده"
    article.date_note = f"أدخله محرر {where}{checked} (كان {was}). {_EARLIER_READING}{earlier or 'لا شيء'}"


def article_delete(*, article: Article) -> None:
    """Delete an article, its mentions and its index entry; its story's other articles are
    placed again without it; its original file is queued for removal (`services.originals`),
    which a running backup defers."""
    with transaction.atomic():
        article_id, file_name = article.pk, article.original_file.name
        regrouped = story_leave(article=article)
        article.delete()
        index_queue_push(article_ids=[article_id, *regrouped])
        original_removal_queue(names=[file_name])
        # Only once the deletion is committed: inside a caller's transaction (the admin's
        # delete view) a sweep now would remove a file a rollback brings back.
        transaction.on_commit(originals_sweep)


def _mentions_replace(
    article: Article,
    gazetteer: Gazetteer | None,
    *,
    manual_actor_ids=(),
    keep_manual=False,
    counts=None,
    untagged=(),
    unmarked=(),
) -> bool:
    """Set the article's mentions from its text and its manual tags; return whether they changed.

    `counts` are the actor counts (by slug) of the article's current text when the caller has
    them; None with no `gazetteer` keeps the counts the article's mentions hold. Manual tags
    are `manual_actor_ids`, with the stored ones when `keep_manual`, less those `unmarked`;
    actors `untagged` are left out whatever the text says.
    """
    current = {m.actor_id: (m.count, m.is_manual) for m in article.mentions.all()}
    if counts is None and gazetteer is None:
        by_actor = {actor_id: count for actor_id, (count, _manual) in current.items() if count}
    else:
        if counts is None:
            counts = gazetteer.count(f"{article.title}\n{article.body}")
        actor_ids = dict(Actor.objects.filter(slug__in=counts).values_list("slug", "id"))
        by_actor = {actor_ids[slug]: count for slug, count in counts.items() if slug in actor_ids}
    manual = set(manual_actor_ids)
    if keep_manual:
        manual |= {actor_id for actor_id, (_count, is_manual) in current.items() if is_manual} - set(unmarked)
    wanted = {actor_id: (count, False) for actor_id, count in by_actor.items()}
    for actor_id in manual:
        wanted[actor_id] = (by_actor.get(actor_id, 0), True)
    for actor_id in untagged:
        wanted.pop(actor_id, None)
    if current == wanted:
        return False
    article.mentions.all().delete()
    Mention.objects.bulk_create(
        Mention(article=article, actor_id=actor_id, count=count, is_manual=is_manual)
        for actor_id, (count, is_manual) in wanted.items()
    )
    return True


def articles_retag(*, articles=None, gazetteer: Gazetteer | None = None, batch_size: int = 500, progress=None) -> int:
    """Recompute the mentions of `articles` (all by default) from their text; return how many changed.

    Manual tags are kept. Changed articles are re-indexed.
    """
    gazetteer = gazetteer or gazetteer_from_database()
    queryset = (articles if articles is not None else Article.objects.all()).order_by("pk")
    changed = 0
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        with transaction.atomic():
            changed_ids = [
                article.pk
                for article in Article.objects.filter(pk__in=batch).prefetch_related("mentions")
                if _mentions_replace(article, gazetteer, keep_manual=True)
            ]
            index_queue_push(article_ids=changed_ids)
        changed += len(changed_ids)
        if progress:
            progress(len(batch))
    return changed




@dataclass
class SeedLoadResult:
    """What loading the seed fixture did."""

    created: int = 0
    present: int = 0


def seed_articles_load(*, path: Path, gazetteer: Gazetteer | None = None) -> SeedLoadResult:
    """Load the reviewed seed articles (parsed fields plus original text); skip those present."""
    gazetteer = gazetteer or gazetteer_from_database()
    result = SeedLoadResult()
    for record in json.loads(Path(path).read_text(encoding="utf-8"))["articles"]:
        raw = record["original_text"].encode(record["original_encoding"])
        if checksum(raw) != record["checksum"]:
            raise ValidationError(f"{record['original_filename']}: the fixture's original text does not match its checksum.")
        if Article.objects.filter(checksum=record["checksum"]).exists():
            result.present += 1
            continue
        with transaction.atomic():
            article = Article(
                title=record["title"],
                body=record["body"],
                published_on=date.fromisoformat(record["published_on"]) if record["published_on"] else None,
                date_source=record["date_source"],
                date_confidence=record["date_confidence"],
                date_note=record["date_note"],
                source=Source.objects.get(slug=record["source"]) if record["source"] else None,
                url=record.get("url", ""),
                original_text=record["original_text"],
                original_filename=record["original_filename"],
                original_encoding=record["original_encoding"],
                checksum=record["checksum"],
                body_fingerprint=body_fingerprint(record["body"]),
            )
            article.original_file.save(record["original_filename"], ContentFile(raw), save=False)
            article.save()
            _mentions_replace(article, gazetteer)
            index_queue_push(article_ids=[article.pk, *stories_assign(articles=[article])])
        result.created += 1
    return result
