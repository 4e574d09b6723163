"""Dates as Arabic readers write them: both month names, and the Hijri date beside."""

from datetime import date

from archive.text.calendars import day_label, hijri_label, month_label, month_name


def test_months_carry_their_levantine_and_their_egyptian_names():
    assert month_name(9) == "أيلول/سبتمبر"
    assert month_label(2020, 1) == "كانون الثاني/يناير 2020"
    assert day_label(date(2023, 9, 29)) == "29 أيلول/سبتمبر 2023"


def test_the_hijri_date_is_umm_al_qura():
    # The seeds' dates, checked against the Umm al-Qura calendar.
    assert hijri_label(date(2020, 10, 1)) == "14 صفر 1442 هـ"
    assert hijri_label(date(2023, 9, 29)) == "14 ربيع الأول 1445 هـ"
    assert hijri_label(date(2024, 3, 11)) == "1 رمضان 1445 هـ"


def test_no_hijri_date_outside_the_calendars_range():
    assert hijri_label(date(1850, 1, 1)) == ""
    assert hijri_label(date(2090, 1, 1)) == ""
