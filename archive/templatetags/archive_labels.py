"""Labels, dates and numbers of the public pages and the admin, in Arabic."""

from datetime import date

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from archive.models import Actor, Article
from archive.text import calendars
from archive.translation import translated as translate_message

register = template.Library()

_DATE_CONFIDENCE_LABELS = dict(Article._meta.get_field("date_confidence").choices)
_DATE_SOURCE_LABELS = dict(Article._meta.get_field("date_source").choices)


@register.filter
def date_confidence_label(value: str) -> str:
    """How sure the archive is of a date, in words."""
    return _DATE_CONFIDENCE_LABELS.get(value, value)


@register.filter
def date_source_label(value: str) -> str:
    """Where a date was found, in words."""
    return _DATE_SOURCE_LABELS.get(value, value)


@register.filter
def actor_kind_label(value: str) -> str:
    """An actor's kind, in words."""
    return Actor.Kind(value).label if value in Actor.Kind.values else value


@register.filter
def arabic_month(value) -> str:
    """A date's month, or a YYYY-MM month, with its year: «أيلول/سبتمبر 2023»."""
    if not value:
        return ""
    if isinstance(value, str):
        year, month = value.split("-")[:2]
        return calendars.month_label(int(year), int(month))
    return calendars.month_label(value.year, value.month)


@register.filter
def arabic_date(value: date | None) -> str:
    """A day as Arabic readers write it: «29 أيلول/سبتمبر 2023»."""
    return calendars.day_label(value) if value else ""


@register.filter
def hijri_date(value: date | None) -> str:
    """The Hijri (Umm al-Qura) date of a day: «14 ربيع الأول 1445 هـ»."""
    return calendars.hijri_label(value) if value else ""


@register.filter
def grouped(value) -> str:
    """A number with its thousands grouped: 31,000."""
    return intcomma(value)


@register.filter
def translated(value) -> str:
    """A message of the text layer (a removed line's reason, a warning) in Arabic."""
    return translate_message(value)


@register.simple_tag(takes_context=True)
def with_param(context, key: str, value, remove: bool = False) -> str:
    """The current query string with `value` added to (or, with remove, taken from) the
    values of `key`, back on page one."""
    params = context["request"].GET.copy()
    values = [v for v in params.getlist(key) if v != str(value)]
    if not remove:
        values.append(str(value))
    params.setlist(key, values)
    params.pop("page", None)
    return "?" + params.urlencode()


@register.inclusion_tag("archive/_timeline.html")
def timeline_chart(timeline, caption: str):
    """An SVG bar chart of a timeline (archive.timeline.Timeline), drawn on the server."""
    return {"timeline": timeline, "caption": caption}


_KIND_GROUPS = {
    Actor.Kind.PERSON: _("People"),
    Actor.Kind.COUNTRY: _("Countries"),
    Actor.Kind.ORGANISATION: _("Organisations"),
    Actor.Kind.PLACE: _("Places"),
}


@register.filter
def actor_kind_group(value: str) -> str:
    """The heading of a kind of actors in the directory: «الأشخاص»."""
    return _KIND_GROUPS.get(value, value)
