"""Arabic labels for the archive's coded values, for the public pages."""

from django import template

from archive.text.dates import MONTH_NAMES

register = template.Library()

DATE_CONFIDENCE_LABELS = {
    "confirmed": "تاريخ مؤكَّد",
    "high": "تاريخ مذكور في المقال",
    "medium": "تاريخ مستنتَج",
    "low": "تاريخ تقريبي",
    "year_unknown": "السنة غير معروفة",
    "none": "التاريخ غير معروف",
}
ACTOR_KIND_LABELS = {"person": "شخص", "country": "دولة", "organisation": "منظمة", "place": "مكان"}


@register.filter
def date_confidence_label(value: str) -> str:
    """How sure the archive is of a date, in Arabic."""
    return DATE_CONFIDENCE_LABELS.get(value, value)


@register.filter
def actor_kind_label(value: str) -> str:
    """An actor's kind, in Arabic."""
    return ACTOR_KIND_LABELS.get(value, value)


@register.filter
def arabic_month(value) -> str:
    """A date's month and year, or a YYYY-MM month, in Arabic (نوفمبر 2020)."""
    if not value:
        return ""
    if isinstance(value, str):
        year, month = value.split("-")[:2]
        return f"{MONTH_NAMES[int(month) - 1]} {year}"
    return f"{MONTH_NAMES[value.month - 1]} {value.year}"


@register.filter
def arabic_date(value) -> str:
    """A date as Arabic readers write it (29 سبتمبر 2023)."""
    if not value:
        return ""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


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
