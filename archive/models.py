"""The archive's records: sources, actors with their spellings, articles and mentions."""

from pathlib import PurePath

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from .text.actors import AliasRole, normalize_alias
from .text.dates import DateConfidence, DateSource
from .text.segment import MarkerKind


def original_file_path(article: "Article", filename: str) -> str:
    """Originals are stored under their checksum, so one upload is kept once."""
    return f"{article.checksum[:2]}/{article.checksum}{PurePath(filename).suffix.lower()[:10]}"


class Source(models.Model):
    """A news outlet that published articles in the archive."""

    name = models.CharField("name (Arabic)", max_length=200, unique=True)
    name_en = models.CharField("name (English)", max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, help_text="Used in URLs.")
    url = models.URLField("site URL", max_length=500, blank=True)
    aliases = models.TextField(
        "other names",
        blank=True,
        help_text="Other ways pages write this outlet's name, one per line (for recognising it in uploads).",
    )
    domains = models.TextField(
        "web domains",
        blank=True,
        help_text="The outlet's web domains, one per line (arabic.cnn.com, or bbc.com/arabic for a section of a site); "
        "an upload from any address under one is credited to this outlet.",
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code of the country it publishes from.")

    class Meta:
        ordering = ["name"]
        verbose_name = "source"
        verbose_name_plural = "sources"

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
        PERSON = "person", "person"
        COUNTRY = "country", "country"
        ORGANISATION = "organisation", "organisation"
        PLACE = "place", "place"

    name = models.CharField("canonical name (Arabic)", max_length=200, unique=True)
    name_en = models.CharField("name (English)", max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in URLs and search filters.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q159.")],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = "actor"
        verbose_name_plural = "actors"

    def __str__(self) -> str:
        return f"{self.name} ({self.name_en})"

    def get_absolute_url(self) -> str:
        return reverse("archive:actor-detail", args=[self.slug])


class ActorAlias(models.Model):
    """One spelling of an actor, as real coverage writes it."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200, help_text="As written in articles; proclitics (و، ب، ال…) are handled.")
    role = models.CharField(
        max_length=20,
        choices=[(role.value, role.value) for role in AliasRole],
        default=AliasRole.NAME.value,
        help_text="name: any mention; surname: counts only where the full name also appears; "
        "adjective: a nisba (روسي) matched with its endings (الروسية، الروسيين); "
        "exclude: a phrase that contains an alias but names someone else.",
    )
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["actor", "role", "text"]
        verbose_name = "alias"
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized", "role"], name="unique_alias_per_actor_and_role"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.normalized = normalize_alias(self.text)
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    """Queries over articles."""

    def newest_first(self):
        """Articles by publication date, undated ones last."""
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def with_listing_data(self):
        """Fetch what a listing shows (source, actors) in a fixed number of queries, leaving
        out the original upload (often larger than the article)."""
        return self.select_related("source").prefetch_related("mentions__actor").defer("original_text")


class Article(models.Model):
    """One news article with its provenance: source, date and how sure it is, the original upload."""

    title = models.CharField(max_length=500)
    body = models.TextField(help_text="The article text only, without the page's boilerplate.")
    published_on = models.DateField("publication date", null=True, blank=True, db_index=True)
    date_source = models.CharField(
        max_length=20,
        choices=[(source.value, source.value) for source in DateSource],
        default=DateSource.NONE.value,
        help_text="Where the publication date was found.",
    )
    date_confidence = models.CharField(
        max_length=20,
        choices=[(confidence.value, confidence.value.replace("_", " ")) for confidence in DateConfidence],
        default=DateConfidence.NONE.value,
        help_text="How sure the archive is of the date.",
    )
    date_note = models.TextField(blank=True, help_text="How the date was read, in words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="articles")
    url = models.URLField("URL", max_length=2000, blank=True)
    original_text = models.TextField(help_text="The upload as received, decoded, line ends unified.")
    original_file = models.FileField(
        "original file",
        upload_to=original_file_path,
        max_length=300,
        blank=True,
        help_text="The uploaded bytes, unchanged (kept under settings.MEDIA_ROOT, never served as HTML).",
    )
    original_filename = models.CharField(max_length=255, blank=True)
    original_encoding = models.CharField(max_length=40, blank=True)
    checksum = models.CharField("SHA-256 of the upload", max_length=64, unique=True)
    body_fingerprint = models.CharField(max_length=64, editable=False)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised with every change the search index must follow; the index keeps the version it holds.",
    )
    actors = models.ManyToManyField(Actor, through="Mention", related_name="articles")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        constraints = [
            # The database refuses a second copy of a text even when two saves check at once.
            models.UniqueConstraint(fields=["body_fingerprint"], name="unique_body_fingerprint"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", args=[self.pk])


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


class Mention(models.Model):
    """An actor named in an article, and how often."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=0, help_text="Times the text names the actor (0 for a manual tag).")
    is_manual = models.BooleanField(
        default=False, help_text="Tagged by an admin; kept when the article is re-tagged from its text."
    )

    class Meta:
        ordering = ["-count", "actor__name_en"]
        constraints = [models.UniqueConstraint(fields=["article", "actor"], name="unique_mention")]

    def __str__(self) -> str:
        return f"{self.actor} in #{self.article_id} ×{self.count}"


class BoilerplateMarker(models.Model):
    """A phrase that marks boilerplate on some outlet's pages, added by an admin.

    These extend the built-in markers of `archive.text.segment`.
    """

    pattern = models.CharField(
        max_length=200,
        help_text="The phrase as it appears; * stands for any words and # for a number. "
        "Hamza, tanween and Persian letters do not matter.",
    )
    kind = models.CharField(
        max_length=20,
        choices=[(kind.value, kind.value) for kind in MarkerKind],
        help_text="end: the article stops here; related: drop a related-link line (alone on its line, the article "
        "stops); drop: drop the line; section: a section label before the title.",
    )
    whole_line = models.BooleanField(default=False, help_text="The line must be the phrase and nothing more.")
    note = models.CharField(max_length=200, blank=True, help_text="Where this was seen.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pattern"]
        verbose_name = "boilerplate marker"

    def __str__(self) -> str:
        return f"{self.kind}: {self.pattern}"
