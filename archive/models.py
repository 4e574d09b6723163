"""The archive's records: sources, actors with their spellings, articles and mentions."""

from pathlib import PurePath

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .text.actors import AliasRole, normalize_alias
from .text.dates import DateConfidence, DateSource
from .text.segment import MarkerKind


def original_file_path(article: "Article", filename: str) -> str:
    """Originals are stored under their checksum, so one upload is kept once."""
    return f"{article.checksum[:2]}/{article.checksum}{PurePath(filename).suffix.lower()[:10]}"


class Source(models.Model):
    """A news outlet that published articles in the archive."""

    name = models.CharField(_("name (Arabic)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True, help_text=_("Used in URLs."))
    url = models.URLField(_("site URL"), max_length=500, blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Other ways pages write this outlet's name, one per line (for recognising it in uploads)."),
    )
    domains = models.TextField(
        _("web domains"),
        blank=True,
        help_text=_(
            "The outlet's web domains, one per line (arabic.cnn.com, or bbc.com/arabic for a section of a site); "
            "an upload from any address under one is credited to this outlet."
        ),
    )
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code of the country it publishes from."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.name} ({self.name_en})" if self.name_en else self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:source-detail", args=[self.slug])

    @property
    def alias_list(self) -> list[str]:
        """The other names, one entry each."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def domain_list(self) -> list[str]:
        """The web domains, one entry each."""
        return [line.strip() for line in self.domains.splitlines() if line.strip()]


class Actor(models.Model):
    """A person, country, organisation or place the coverage names."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        COUNTRY = "country", _("country")
        ORGANISATION = "organisation", _("organisation")
        PLACE = "place", _("place")

    name = models.CharField(_("canonical name (Arabic)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Used in URLs and search filters."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata id looks like Q159."))],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return f"{self.name} ({self.name_en})"

    def get_absolute_url(self) -> str:
        return reverse("archive:actor-detail", args=[self.slug])


class ActorAlias(models.Model):
    """One spelling of an actor, as real coverage writes it."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("actor"))
    text = models.CharField(_("spelling"), max_length=200, help_text=_("As written in articles; proclitics are handled."))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            (AliasRole.NAME.value, _("name")),
            (AliasRole.SURNAME.value, _("surname")),
            (AliasRole.ADJECTIVE.value, _("adjective")),
            (AliasRole.EXCLUDE.value, _("exclude")),
        ],
        default=AliasRole.NAME.value,
        help_text=_(
            "name: any mention; surname: counts only where the full name also appears; "
            "adjective: a nisba matched with its endings; "
            "exclude: a phrase that contains an alias but names someone else."
        ),
    )
    normalized = models.CharField(_("normalised form"), max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["actor", "role", "text"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized", "role"], name="unique_alias_per_actor_and_role"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.normalized = normalize_alias(self.text)
        super().save(*args, **kwargs)


class Story(models.Model):
    """One story run by several articles: an agency report republished by several outlets,
    each copy kept with its own source, date and URL (`archive.services.stories`)."""

    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("republished story")
        verbose_name_plural = _("republished stories")

    def __str__(self) -> str:
        return _("story #%(number)s") % {"number": self.pk}


class ArticleQuerySet(models.QuerySet):
    """Queries over articles."""

    def newest_first(self):
        """Articles by publication date, undated ones last."""
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def first_published_first(self):
        """Articles by publication date, the earliest first (undated last, then as added),
        with their source, without the texts: how a story's copies are listed."""
        return (
            self.select_related("source")
            .defer("original_text", "body", "story_signature")
            .order_by(models.F("published_on").asc(nulls_last=True), "pk")
        )

    def with_listing_data(self):
        """Fetch what a listing shows (source, actors) in a fixed number of queries, leaving
        out the original upload (often larger than the article)."""
        return self.select_related("source").prefetch_related("mentions__actor").defer("original_text")


class Article(models.Model):
    """One news article with its provenance: source, date and how sure it is, the original upload."""

    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"), help_text=_("The article text only, without the page's boilerplate."))
    published_on = models.DateField(_("publication date"), null=True, blank=True, db_index=True)
    date_source = models.CharField(
        _("date found in"),
        max_length=20,
        choices=[
            (DateSource.LABEL.value, _("a date label")),
            (DateSource.DATELINE.value, _("the dateline")),
            (DateSource.METADATA.value, _("the page's metadata or the import record")),
            (DateSource.COMMENT.value, _("readers' comments")),
            (DateSource.TEXT.value, _("the article's own words")),
            (DateSource.ADMIN.value, _("an editor")),
            (DateSource.NONE.value, _("nowhere")),
        ],
        default=DateSource.NONE.value,
        help_text=_("Where the publication date was found."),
    )
    date_confidence = models.CharField(
        _("date confidence"),
        max_length=20,
        choices=[
            (DateConfidence.CONFIRMED.value, _("confirmed date")),
            (DateConfidence.HIGH.value, _("date stated in the article")),
            (DateConfidence.MEDIUM.value, _("inferred date")),
            (DateConfidence.LOW.value, _("approximate date")),
            (DateConfidence.YEAR_UNKNOWN.value, _("year unknown")),
            (DateConfidence.NONE.value, _("date unknown")),
        ],
        default=DateConfidence.NONE.value,
        help_text=_("How sure the archive is of the date."),
    )
    date_note = models.TextField(_("how the date was read"), blank=True, help_text=_("How the date was read, in words."))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("source")
    )
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    original_text = models.TextField(_("original text"), help_text=_("The upload as received, decoded, line ends unified."))
    original_file = models.FileField(
        _("original file"),
        upload_to=original_file_path,
        max_length=300,
        blank=True,
        help_text=_("The uploaded bytes, unchanged (kept in the data folder, never served as HTML)."),
    )
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    original_encoding = models.CharField(_("original encoding"), max_length=40, blank=True)
    checksum = models.CharField(_("SHA-256 of the upload"), max_length=64, unique=True)
    body_fingerprint = models.CharField(max_length=64, editable=False)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised with every change the search index must follow; the index keeps the version it holds.",
    )
    actors = models.ManyToManyField(Actor, through="Mention", related_name="articles", verbose_name=_("actors"))
    story = models.ForeignKey(
        Story, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="articles", verbose_name=_("story")
    )
    story_signature = models.BinaryField(
        _("story signature"),
        null=True,
        editable=False,
        help_text=_("The body's MinHash signature, which finds the same story in other articles; empty when too short to compare."),
    )
    story_shingles = models.PositiveIntegerField(
        _("runs of words compared"),
        default=0,
        editable=False,
        help_text=_("How many distinct runs of three analysed words the body has (0: never compared)."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            # The database refuses a second copy of a text from one outlet (or from none) even
            # when two saves check at once; another outlet's copy is a republication, kept.
            models.UniqueConstraint(fields=["source", "body_fingerprint"], name="unique_body_per_source"),
            models.UniqueConstraint(
                fields=["body_fingerprint"], condition=models.Q(source=None), name="unique_body_without_source"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", args=[self.pk])

    @property
    def date_is_sure(self) -> bool:
        """Whether the date is as sure as a date gets: stated by the outlet's page, or
        checked by an editor. Any other date is shown and cited with its confidence."""
        return self.date_confidence in (DateConfidence.CONFIRMED.value, DateConfidence.HIGH.value)


class StoryBucket(models.Model):
    """One band of an article's signature, hashed: articles sharing a bucket are compared."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="story_buckets", verbose_name=_("article"))
    key = models.BigIntegerField(_("bucket"), db_index=True, help_text=_("One band of the signature, hashed."))

    class Meta:
        verbose_name = _("story bucket")
        verbose_name_plural = _("story buckets")

    def __str__(self) -> str:
        return f"article #{self.article_id} bucket {self.key}"


class IndexChange(models.Model):
    """An article the search index has yet to follow: the index queue (an outbox).

    Written in the same transaction as the change itself, so the database never holds a
    change the queue lacks; the indexer reads the article as it is when it drains the
    queue (gone: removed from the index). No foreign key: a deleted article's row must stay.
    """

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "index change"

    def __str__(self) -> str:
        return f"article #{self.article_id} queued {self.queued_at:%Y-%m-%d %H:%M:%S}"


class OriginalRemoval(models.Model):
    """An original file whose article was deleted, to be removed by a sweep
    (`services.originals`) once no backup is reading the originals."""

    name = models.CharField(max_length=300)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "original removal"

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """An actor named in an article, and how often."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("article"))
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("actor"))
    count = models.PositiveIntegerField(_("times named"), default=0, help_text=_("Times the text names the actor (0 for a manual tag)."))
    is_manual = models.BooleanField(
        _("tagged by hand"), default=False, help_text=_("Tagged by an admin; kept when the article is re-tagged from its text.")
    )

    class Meta:
        verbose_name = _("tagged actor")
        verbose_name_plural = _("tagged actors")
        ordering = ["-count", "actor__name_en"]
        constraints = [models.UniqueConstraint(fields=["article", "actor"], name="unique_mention")]

    def __str__(self) -> str:
        return _("%(actor)s in article #%(article)s, named %(count)s times") % {
            "actor": self.actor.name,
            "article": self.article_id,
            "count": self.count,
        }


class BoilerplateMarker(models.Model):
    """A phrase that marks boilerplate on some outlet's pages, added by an admin.

    These extend the built-in markers of `archive.text.segment`.
    """

    pattern = models.CharField(
        _("pattern"),
        max_length=200,
        help_text=_(
            "The phrase as it appears; * stands for any words and # for a number. "
            "Hamza, tanween and Persian letters do not matter."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[
            (MarkerKind.END.value, _("end of the article")),
            (MarkerKind.RELATED.value, _("related link")),
            (MarkerKind.DROP.value, _("drop the line")),
            (MarkerKind.SECTION.value, _("section label")),
        ],
        help_text=_(
            "end: the article stops here; related: drop a related-link line (alone on its line, the article "
            "stops); drop: drop the line; section: a section label before the title."
        ),
    )
    whole_line = models.BooleanField(_("whole line"), default=False, help_text=_("The line must be the phrase and nothing more."))
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Where this was seen."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "pattern"]
        verbose_name = _("boilerplate marker")
        verbose_name_plural = _("boilerplate markers")

    def __str__(self) -> str:
        return f"{self.kind}: {self.pattern}"
