"""Forms of the admin's upload and review steps."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Actor, Article, BoilerplateMarker, Source
from .search.engine import PAGE_SIZE, SORTS, SearchRequest
from .selectors import CONCORDANCE_SORTS
from .services.articles import article_edit_check, upload_date_check
from .text.decode import unify_line_ends
from .text.query import parse_query
from .text.segment import Marker, MarkerKind


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field whose value is a list of uploaded files."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        # Empty files reach the parser, whose message names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class UploadForm(forms.Form):
    """Step one: files as scraped, or text pasted from a news page."""

    files = MultipleFileField(
        label=_("files"),
        required=False,
        help_text=_("Plain text (.txt) as scraped, or saved pages (.html); several at once."),
    )
    pasted_text = forms.CharField(
        label=_("or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "rtl", "lang": "ar"}),
    )
    pasted_name = forms.CharField(
        label=_("name for the pasted text"),
        required=False,
        max_length=200,
        help_text=_("Kept as the original's file name (default: pasted-text.txt)."),
    )

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if not files and not (cleaned.get("pasted_text") or "").strip():
            raise forms.ValidationError(_("Choose at least one file or paste an article's text."), code="nothing_chosen")
        limit = settings.ARCHIVE_MAX_UPLOAD_FILES
        if len(files) > limit:
            raise forms.ValidationError(
                ngettext("At most %(limit)d file at once.", "At most %(limit)d files at once.", limit) % {"limit": limit},
                code="too_many_files",
            )
        return cleaned

    def uploads(self) -> list[tuple[str, bytes]]:
        """The uploads as (file name, bytes), pasted text last."""
        items = [(upload.name, upload.read()) for upload in self.cleaned_data.get("files") or []]
        text = self.cleaned_data.get("pasted_text") or ""
        if text.strip():
            name = (self.cleaned_data.get("pasted_name") or "").strip() or "pasted-text.txt"
            if "." not in name:
                name += ".txt"
            items.append((name, text.encode("utf-8")))
        return items


class ArticleReviewForm(forms.Form):
    """Step two: one parsed article, as the admin corrects it before saving."""

    token = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    include = forms.BooleanField(label=_("save this article"), required=False, initial=True)
    title = forms.CharField(label=_("title"), max_length=500, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar", "size": 90}))
    body = forms.CharField(label=_("body"), widget=forms.Textarea(attrs={"rows": 14, "dir": "rtl", "lang": "ar", "cols": 100}))
    published_on = forms.DateField(
        label=_("publication date"),
        required=False,
        # Day first, as Arabic readers write dates; the format module takes ISO dates too.
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "size": 12, "dir": "ltr"}),
        help_text=_("Day, month, year: 01/10/2020 is 1 October 2020. Leave empty when it cannot be known."),
    )
    confirm_date = forms.BooleanField(label=_("I checked this date"), required=False)
    source_name = forms.CharField(
        label=_("source"), required=False, max_length=200, help_text=_("An outlet's name; a name the archive does not know creates a new source.")
    )
    url = forms.URLField(label=_("URL"), required=False, max_length=2000, assume_scheme="https")
    manual_actors = forms.ModelMultipleChoiceField(
        label=_("also tag"),
        queryset=Actor.objects.order_by("name"),
        required=False,
        # Typed into the admin's autocomplete, which finds an actor by any of its spellings.
        widget=AutocompleteSelectMultiple(Article._meta.get_field("actors"), admin.site),
        help_text=_("Actors the text does not name but the article is about; kept when re-tagging."),
    )

    def clean_published_on(self):
        value = self.cleaned_data.get("published_on")
        upload_date_check(value)
        return value


ArticleReviewFormSet = forms.formset_factory(ArticleReviewForm, extra=0)


class TextBoxField(forms.CharField):
    """A text box's value with its line ends unified, so that a browser's \\r\\n is no change."""

    def to_python(self, value):
        return unify_line_ends(super().to_python(value))


class ArticleChangeForm(forms.ModelForm):
    """The admin's change form of an article: refuses before saving what the edit service
    would refuse (a date after the upload, another article's body), next to its field."""

    url = forms.URLField(label=_("URL"), required=False, max_length=2000, assume_scheme="https")

    class Meta:
        model = Article
        fields = "__all__"
        field_classes = {"title": TextBoxField, "body": TextBoxField}
        # A headline of any length is seen whole, wrapping right to left.
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "cols": 80, "dir": "rtl", "lang": "ar", "class": "vLargeTextField article-title"})}

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                article_edit_check(article=self.instance)
            except ValidationError as error:
                self._update_errors(error)


class BoilerplateMarkerForm(forms.ModelForm):
    """A marker whose pattern must compile."""

    class Meta:
        model = BoilerplateMarker
        fields = ["pattern", "kind", "whole_line", "note", "is_active"]

    def clean(self):
        cleaned = super().clean()
        pattern, kind = cleaned.get("pattern"), cleaned.get("kind")
        if pattern and kind:
            marker = Marker(pattern, MarkerKind(kind), bool(cleaned.get("whole_line")))
            if marker.compile().match("") is not None:
                raise forms.ValidationError(_("This pattern would match every line; give it some words."), code="matches_everything")
        return cleaned


# The furthest a search pages, and so the furthest rank a hit can be opened at.
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class SearchForm(forms.Form):
    """The search page's and the API's parameters: q, actor (repeatable), source, from, to,
    sort, page, page_size, collapse (one hit per republished story). Invalid values become
    messages, never errors."""

    q = forms.CharField(required=False, max_length=500, strip=True)
    actor = forms.MultipleChoiceField(required=False, choices=())
    source = forms.CharField(required=False, max_length=100)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)
    # A checkbox sends 1; programs may say true or false, 1 or 0. Anything else is refused.
    collapse = forms.TypedChoiceField(
        required=False,
        choices=[(value, value) for value in ("1", "0", "true", "false", "on")],
        coerce=lambda value: value in ("1", "true", "on"),
        empty_value=False,
        error_messages={"invalid_choice": _("Collapse takes 1 or 0.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are Python keywords, so these two fields are added by name.
        self.fields["from"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
        self.fields["to"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
        self.fields["actor"].choices = [(slug, slug) for slug in Actor.objects.values_list("slug", flat=True)]

    def clean_source(self):
        slug = self.cleaned_data.get("source") or ""
        if slug and not Source.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("No source «%(slug)s» in the archive.") % {"slug": slug}, code="unknown_source")
        return slug or None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."), code="dates_reversed")
        return cleaned

    @staticmethod
    def rank_of(value) -> int | None:
        """A hit's rank as a link gives it (from 1), or None when it is not one a search
        can reach (a tampered link: a word, zero, a number of thousands of digits)."""
        try:
            return forms.IntegerField(min_value=1, max_value=MAX_PAGE * MAX_PAGE_SIZE).clean(value)
        except forms.ValidationError:
            return None

    def search_request(self) -> SearchRequest:
        """The validated parameters as a search request; raises QuerySyntaxError for a bad q."""
        data = self.cleaned_data
        text = data.get("q") or ""
        return SearchRequest(
            query=parse_query(text) if text else None,
            actors=list(data.get("actor") or []),
            source=data.get("source"),
            date_from=data.get("from"),
            date_to=data.get("to"),
            sort=data.get("sort") or ("relevance" if text else "newest"),
            page=data.get("page") or 1,
            page_size=data.get("page_size") or PAGE_SIZE,
            collapse=bool(data.get("collapse")),
        )


class ConcordanceForm(SearchForm):
    """A search's parameters for its concordance (keyword in context): `sort` is newest (the
    default), oldest or outlet, and there must be words to look for or an actor to follow."""

    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in CONCORDANCE_SORTS])

    def clean_sort(self):
        return self.cleaned_data.get("sort") or CONCORDANCE_SORTS[0]

    def clean(self):
        cleaned = super().clean()
        # A bad q or actor has its own message already.
        if not (cleaned.get("q") or cleaned.get("actor")) and not {"q", "actor"} & set(self.errors):
            raise forms.ValidationError(
                _("A concordance needs words to look for or an actor: give search words, or choose an actor."), code="no_keyword"
            )
        return cleaned
