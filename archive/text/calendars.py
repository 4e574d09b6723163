"""Dates as Arabic readers across the region write them: the Gregorian month by both of its
Arabic names (أيلول/سبتمبر) and the Hijri (Umm al-Qura) date beside it."""

from datetime import date

from hijridate import Gregorian

from .dates import MONTH_NAMES

LEVANTINE_MONTH_NAMES = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
HIJRI_MONTH_NAMES = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip


def month_name(month: int) -> str:
    """A Gregorian month by its Levantine and its Egyptian/Gulf names: «أيلول/سبتمبر»."""
    return f"{LEVANTINE_MONTH_NAMES[month - 1]}/{MONTH_NAMES[month - 1]}"


def month_label(year: int, month: int) -> str:
    """A month and its year: «أيلول/سبتمبر 2023»."""
    return f"{month_name(month)} {year}"


def day_label(day: date) -> str:
    """A day as an Arabic reader writes it: «29 أيلول/سبتمبر 2023»."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def hijri_label(day: date) -> str:
    """The Umm al-Qura Hijri date of a Gregorian day: «14 ربيع الأول 1445 هـ»; empty outside
    the calendar's range (1343–1500 AH)."""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError:
        return ""
    return f"{hijri.day} {HIJRI_MONTH_NAMES[hijri.month - 1]} {hijri.year} هـ"
