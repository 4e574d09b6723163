"""The admin: upload and review articles, keep the gazetteer, sources and markers.

Every write goes through `archive.services`; a rejected upload becomes a message on the
page, never a 500 and never a half-saved article.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.encoding import uri_to_iri
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.utils.translation import ngettext

from . import selectors, services
from .forms import ArticleChangeForm, ArticleReviewFormSet, BoilerplateMarkerForm, UploadForm
from .ingest import ParsedArticle
from .models import Actor, ActorAlias, Article, BoilerplateMarker, Mention, Source
from .text import calendars


# Django's own Arabic for these admin messages is wrong (a change reported as an addition)
# or fits one gender and one number only («أضِف كتابة آخر»، «9 المقالات»): named here so that
# locale/ar, which Django reads before its own catalogue, keeps the archive's wording.
DJANGO_ADMIN_WORDING = (
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
)

# A URL pasted without a scheme is read as https.
URL_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@dataclass
class ReviewItem:
    """One parsed upload on the review page: the form, what the parser found, and the Hijri
    equivalent of the date the form holds (empty while it holds no valid date)."""

    form: object
    parsed: ParsedArticle
    actors: list[tuple[Actor, int]]
    copies: selectors.UploadCopies
    hijri: str


def _copies_of(parsed: ParsedArticle, source_name: str | None = None) -> selectors.UploadCopies:
    """What the archive holds of `parsed`, for the outlet the review names (as typed, once
    the form was sent)."""
    typed = source_name is not None and " ".join(source_name.split()) != (parsed.source_name or "")
    return selectors.upload_copies(
        checksum_hex=parsed.checksum,
        fingerprint=parsed.body_fingerprint,
        source_name=source_name if typed else (parsed.source_name or ""),
        source_slug=None if typed else parsed.source_slug,
    )


@dataclass
class ReviewError:
    """One line of the review page's error summary, linking to the field it is about."""

    anchor: str
    filename: str
    label: str
    message: str


class MentionInline(admin.StackedInline):
    """The article's tags, one labelled block each (the tabular layout leaves its boxes
    without labels, which screen readers and axe-core refuse)."""

    model = Mention
    extra = 0
    autocomplete_fields = ["actor"]
    fields = ["actor", "count", "is_manual"]
    readonly_fields = ["count"]
    verbose_name = gettext_lazy("tagged actor")
    verbose_name_plural = gettext_lazy("tagged actors (from the text, or by hand)")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "date_confidence", "source_name", "created_at"]
    # Only the outlets the archive holds articles of, in a list that scrolls (admin.css).
    list_filter = [
        "date_confidence",
        "date_source",
        ("source", admin.RelatedOnlyFieldListFilter),
        ("published_on", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "url"]
    date_hierarchy = "published_on"
    list_select_related = ["source"]
    inlines = [MentionInline]
    readonly_fields = ["published_on_hijri", "original_filename", "original_encoding", "checksum", "original_file", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "body"]}),
        (gettext_lazy("Publication date"), {"fields": ["published_on", "published_on_hijri", "date_confidence", "date_source", "date_note"]}),
        (gettext_lazy("Provenance"), {"fields": ["source", "url", "original_filename", "original_encoding", "checksum", "original_file", "created_at", "updated_at"]}),
    ]
    actions = ["retag_selected"]
    form = ArticleChangeForm
    change_list_template = "admin/archive/article/change_list.html"
    formfield_overrides = URL_AS_HTTPS

    class Media:
        # The Hijri date follows the date as it is typed, as on the review page.
        js = ["archive/review.js"]

    @admin.display(description=gettext_lazy("source"), ordering="source__name")
    def source_name(self, article):
        """The outlet by its Arabic name alone, leaving the title the list's width."""
        return article.source.name if article.source else "—"

    @admin.display(description=gettext_lazy("Hijri date"))
    def published_on_hijri(self, article):
        return format_html(
            '<output class="hijri-equivalent" for="id_published_on" data-hijri-of="id_published_on">{}</output>',
            calendars.hijri_label(article.published_on) if article.published_on else "",
        )

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="archive_article_upload"),
            path("upload/review/", self.admin_site.admin_view(self.review_view), name="archive_article_review"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        # Articles enter through the upload, which keeps the original and parses it.
        return redirect("admin:archive_article_upload")

    def upload_view(self, request):
        """Step one: take files or pasted text, parse them, and show the review page."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            parser = selectors.parser_from_database()
            initial, failures, parsed_by_token = [], [], {}
            for filename, data in form.uploads():
                try:
                    parsed = services.upload_parse(data=data, filename=filename, parser=parser)
                except ValidationError as error:
                    failures.extend(f"{filename}: {message}" for message in error.messages)
                    continue
                token = services.upload_stage(data=data)
                parsed_by_token[token] = parsed
                initial.append(_review_initial(parsed, token, include=_copies_of(parsed).duplicate is None))
            if initial:
                formset = ArticleReviewFormSet(initial=initial, prefix="review")
                return self._render_review(request, formset, parser, failures, parsed_by_token)
            form.add_error(None, ValidationError(failures or [_("Nothing to upload.")]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload articles"),
            "opts": self.model._meta,
            "form": form,
            "max_mib": settings.ARCHIVE_MAX_UPLOAD_BYTES / 1048576,
            "max_files": settings.ARCHIVE_MAX_UPLOAD_FILES,
        }
        return TemplateResponse(request, "admin/archive/article/upload.html", context)

    def review_view(self, request):
        """Step two: save the reviewed articles; show again those that could not be saved."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:archive_article_upload")
        formset = ArticleReviewFormSet(request.POST, prefix="review")
        parser = selectors.parser_from_database()
        if not formset.is_valid():
            return self._render_review(request, formset, parser, [])
        saved, kept = [], []
        for form in formset:
            data = form.cleaned_data
            if not data.get("include"):
                services.upload_discard(token=data["token"])
                continue
            try:
                raw = services.upload_unstage(token=data["token"])
                parsed = services.upload_parse(data=raw, filename=data["filename"], parser=parser)
                article = services.article_create(
                    parsed=parsed,
                    raw=raw,
                    gazetteer=parser.gazetteer,
                    edits=services.ArticleEdits(
                        title=data["title"],
                        body=data["body"],
                        published_on=data["published_on"],
                        confirm_date=data["confirm_date"],
                        source_name=data["source_name"],
                        url=data["url"],
                        manual_actor_ids=[actor.pk for actor in data["manual_actors"]],
                    ),
                )
            except ValidationError as error:
                kept.append((form, error.messages))
                continue
            services.upload_discard(token=data["token"])
            saved.append(article)
        for article in saved:
            url = reverse("admin:archive_article_change", args=[article.pk])
            self.message_user(
                request,
                format_html(_("Saved #{number} «{title}» (<a href=\"{url}\">edit</a>)."), number=article.pk, title=article.title, url=url),
                messages.SUCCESS,
            )
        if kept:
            return self._render_review(request, _rebound_formset(kept), parser, [])
        return redirect("admin:archive_article_changelist")

    def _render_review(self, request, formset, parser, failures, parsed_by_token=None):
        """The review page; uploads not parsed in this request (`parsed_by_token`) are read
        again from the staging folder."""
        items = []
        actors = {actor.slug: actor for actor in Actor.objects.all()}
        for form in formset:
            token = form["token"].value()
            filename = form["filename"].value()
            parsed = (parsed_by_token or {}).get(token)
            if parsed is None:
                try:
                    raw = services.upload_unstage(token=token)
                    parsed = services.upload_parse(data=raw, filename=filename, parser=parser)
                except ValidationError as error:
                    failures.extend(f"{filename}: {message}" for message in error.messages)
                    continue
            shown_date = _review_date(form, parsed)
            items.append(
                ReviewItem(
                    form=form,
                    parsed=parsed,
                    actors=[(actors[slug], count) for slug, count in parsed.actors.most_common() if slug in actors],
                    copies=_copies_of(parsed, form.data.get(form.add_prefix("source_name")) if form.is_bound else None),
                    hijri=calendars.hijri_label(shown_date) if shown_date else "",
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review parsed articles"),
            "opts": self.model._meta,
            "formset": formset,
            "items": items,
            "error_summary": [error for item in items for error in _review_errors(item)],
            "failures": failures,
            "sources": Source.objects.order_by("name").values_list("name", flat=True),
        }
        return TemplateResponse(request, "admin/archive/article/review.html", context)

    def save_model(self, request, obj, form, change):
        """Nothing yet: the article is saved with its tags in `save_related`, in one service call."""

    def save_related(self, request, form, formsets, change):
        """Save the edit, fields and tags together, through the service; a refusal that the
        form's own checks could not foresee (another save got there first) undoes the whole
        save and becomes a message."""
        mentions = next((formset for formset in formsets if formset.model is Mention), None)
        tags = _tag_edits(mentions) if mentions is not None else services.TagEdits()
        try:
            services.article_edit(article=form.instance, changed_fields=form.changed_data, tags=tags)
        except ValidationError as error:
            # The service's own transaction is undone; nothing else was written.
            request.archive_edit_refused = error.messages

    def log_change(self, request, obj, message):
        if getattr(request, "archive_edit_refused", None):
            return None
        return super().log_change(request, obj, message)

    def construct_change_message(self, request, form, formsets, add=False):
        """The history entry: the fields changed, and the tags when any changed (their rows
        are rewritten by the service, so the formset has no saved objects to list)."""
        message = construct_change_message(form, [], add)
        if any(formset.has_changed() for formset in formsets):
            message.append({"changed": {"fields": [str(MentionInline.verbose_name_plural)]}})
        return message

    def response_change(self, request, obj):
        refused = getattr(request, "archive_edit_refused", None)
        if refused:
            for message in refused:
                self.message_user(request, message, messages.ERROR)
            return redirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        services.article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article)

    @admin.action(description=gettext_lazy("Re-tag the selected articles from their text"))
    def retag_selected(self, request, queryset):
        changed = services.articles_retag(articles=queryset)
        self.message_user(request, _retagged_message(queryset.count(), changed))


def _tag_edits(formset) -> services.TagEdits:
    """The editor's decisions in the tags formset, by actor, against the rows as shown."""
    edits = services.TagEdits()
    deleted = set(map(id, formset.deleted_forms))
    for form in formset.forms:
        if not form.has_changed():
            continue
        shown = form.initial.get("actor")
        if id(form) in deleted:
            if shown:
                edits.untagged.add(shown)
            continue
        actor, manual = form.cleaned_data["actor"].pk, form.cleaned_data["is_manual"]
        if not shown or actor != shown:
            # A row added, or its actor replaced, is the editor's own tag.
            if shown:
                edits.untagged.add(shown)
            edits.tagged.add(actor)
        elif manual and not form.initial.get("is_manual"):
            edits.tagged.add(actor)
        elif not manual and form.initial.get("is_manual"):
            edits.unmarked.add(actor)
    edits.untagged -= edits.tagged
    return edits


def _retagged_message(total: int, changed: int) -> str:
    """What a re-tagging did, in Arabic with its plural forms."""
    tagged = ngettext("Re-tagged %(total)s article", "Re-tagged %(total)s articles", total) % {"total": f"{total:,}"}
    differ = ngettext("%(changed)s had different actors.", "%(changed)s had different actors.", changed) % {"changed": f"{changed:,}"}
    return _("%(tagged)s; %(differ)s") % {"tagged": tagged, "differ": differ}


def _rebound_formset(kept: list[tuple[object, list[str]]]):
    """A formset of the review forms that could not be saved, as submitted, with their errors."""
    data = {"review-TOTAL_FORMS": str(len(kept)), "review-INITIAL_FORMS": "0"}
    for number, (form, _errors) in enumerate(kept):
        old_prefix, new_prefix = f"{form.prefix}-", f"review-{number}-"
        for key in form.data:
            if key.startswith(old_prefix):
                data[new_prefix + key[len(old_prefix) :]] = form.data.getlist(key)
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values if isinstance(values, list) else [values])
    formset = ArticleReviewFormSet(query, prefix="review")
    formset.is_valid()
    for form, (_submitted, errors) in zip(formset, kept, strict=True):
        for error in errors:
            form.add_error(None, error)
    return formset


def _review_date(form, parsed: ParsedArticle):
    """The date a review card stands for: the parsed one until the editor sends the form,
    then what they typed, or None while it is no valid date (31/02/2021)."""
    if not form.is_bound:
        return parsed.publication.value
    if form.errors.get("published_on"):
        return None
    return getattr(form, "cleaned_data", {}).get("published_on")


def _review_errors(item: ReviewItem) -> list[ReviewError]:
    """The errors of one review card, each linking to its field (or to the card)."""
    form, filename = item.form, item.parsed.original_filename
    errors = [ReviewError(form.prefix, filename, "", str(message)) for message in form.non_field_errors()]
    for name, messages_ in form.errors.items():
        if name in form.fields:
            field = form[name]
            errors.extend(ReviewError(field.id_for_label, filename, str(field.label), str(message)) for message in messages_)
    return errors


def _review_initial(parsed: ParsedArticle, token: str, *, include: bool) -> dict:
    return {
        "token": token,
        "filename": parsed.original_filename,
        "include": include,
        "title": parsed.title,
        "body": parsed.body,
        "published_on": parsed.publication.value,
        "source_name": parsed.source_name or "",
        # Shown as the page wrote it (an Arabic path, not its percent-encoding).
        "url": uri_to_iri(parsed.url),
    }


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["text", "role", "normalized"]
    readonly_fields = ["normalized"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "slug", "alias_count", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "slug", "aliases__text", "aliases__normalized"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ActorAliasInline]
    actions = ["retag_everything"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            alias_total=Count("aliases", distinct=True), article_total=Count("mentions", distinct=True)
        )

    def get_search_results(self, request, queryset, search_term):
        """Also find actors by any of their spellings, compared as the archive compares names
        (hamza, alef and taa marbuta forms alike), so the review page's autocomplete finds an
        actor however the editor writes it."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            spelled = selectors.actors_matching(text=search_term, limit=None).values("pk")
            found = (found | queryset.filter(pk__in=spelled)).order_by("name")
        return found, may_have_duplicates

    @admin.display(description=gettext_lazy("spellings"), ordering="alias_total")
    def alias_count(self, actor):
        return actor.alias_total

    @admin.display(description=gettext_lazy("articles"), ordering="article_total")
    def article_count(self, actor):
        return actor.article_total

    def save_model(self, request, obj, form, change):
        """Nothing yet: the actor is saved with its spellings in `save_related`, in one service call."""

    def save_related(self, request, form, formsets, change):
        aliases = next((formset for formset in formsets if formset.model is ActorAlias), None)
        changed, removed = [], []
        if aliases is not None:
            # save(commit=False) also sets deleted_objects: the service deletes them.
            changed = aliases.save(commit=False)
            removed = aliases.deleted_objects
        saved = services.actor_save(actor=form.instance, aliases=changed, removed_aliases=removed)
        if saved.retagged is not None:
            self.message_user(request, _("Names changed.") + " " + _retagged_message(saved.total, saved.retagged))
        else:
            self.message_user(
                request,
                _(
                    "Names changed. The archive holds %(total)s articles: run «Re-tag every article» "
                    "or manage.py retag_articles to apply the change."
                )
                % {"total": f"{saved.total:,}"},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Re-tag every article with the current names"))
    def retag_everything(self, request, queryset):
        changed = services.articles_retag()
        self.message_user(request, _retagged_message(Article.objects.count(), changed))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "url", "article_count"]
    search_fields = ["name", "name_en", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = URL_AS_HTTPS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=gettext_lazy("articles"), ordering="article_total")
    def article_count(self, source):
        return source.article_total


@admin.register(BoilerplateMarker)
class BoilerplateMarkerAdmin(admin.ModelAdmin):
    form = BoilerplateMarkerForm
    list_display = ["pattern", "kind", "whole_line", "is_active", "note"]
    list_filter = ["kind", "is_active"]
    search_fields = ["pattern", "note"]
