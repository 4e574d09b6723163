from datetime import date

import pytest

from archive.text.dates import (
    DateConfidence,
    DateSource,
    find_dates,
    infer_publication_date,
    is_date_line,
    read_timestamp,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("في 9 تشرين الثاني/نوفمبر 2020", date(2020, 11, 9)),
        ("الـ9 من تشرين الثاني/ نوفمبر 2020", date(2020, 11, 9)),
        ("26 نوفمبر 2021ء", date(2021, 11, 26)),
        ("14 صفر 1442هـ", date(2020, 10, 1)),  # Umm al-Qura
        ("1 رمضان 1445 هـ", date(2024, 3, 11)),
        ("تاريخ النشر: 29th, September 2023 GMT", date(2023, 9, 29)),
        ("Published September 29, 2023", date(2023, 9, 29)),
        ("السبت، 21-11-2020 06:19 ص", date(2020, 11, 21)),
        ("2023-09-29", date(2023, 9, 29)),
        ("٢٦ نوفمبر ٢٠٢١", date(2021, 11, 26)),
        ("3 أيار 2021", date(2021, 5, 3)),
        ("15 جويلية 2022", date(2022, 7, 15)),
        ("20 سبتمبر من عام 2023", date(2023, 9, 20)),
    ],
)
def test_date_forms_arabic_news_uses(text, expected):
    assert find_dates(text)[0].to_date() == expected


def test_a_date_without_year_has_none():
    mention = find_dates("في 10 تشرين الثاني/ نوفمبر الجاري")[0]
    assert (mention.year, mention.month, mention.day) == (None, 11, 10)
    assert mention.to_date() is None


def test_conflicting_slash_months_are_noted():
    mention = find_dates("في 9 تشرين الأول/نوفمبر 2020")[0]
    assert mention.conflict
    assert mention.to_date() == date(2020, 11, 9)


@pytest.mark.parametrize(
    "text",
    [
        "مقتل 790 عسكريا وإصابة 1900 بجروح",  # a casualty count is not a year
        "صفر من الإصابات",  # Hijri month name alone
        "الأب 12 عاما",
        "في 45 مارس 2020",
    ],
)
def test_numbers_are_not_dates(text):
    assert [m.to_date() for m in find_dates(text) if m.to_date()] == []


def test_mentions_quote_the_original_spelling():
    assert find_dates("الـ٩ من تشرين الثاني/ نوفمبر ٢٠٢٠")[0].text == "الـ٩ من تشرين الثاني/ نوفمبر ٢٠٢٠"


def test_labelled_date_wins():
    result = infer_publication_date(header=["تاريخ النشر: 29th, September 2023 GMT"], body="...")
    assert (result.value, result.source, result.confidence) == (date(2023, 9, 29), DateSource.LABEL, DateConfidence.HIGH)


def test_hijri_dateline_is_converted_and_explained():
    result = infer_publication_date(header=["موقع أنصار الله – 14 صفر 1442هـ"], body="...")
    assert result.value == date(2020, 10, 1)
    assert result.source is DateSource.DATELINE
    assert "أم القرى" in result.note


def test_metadata_that_disagrees_lowers_confidence():
    result = infer_publication_date(header=["26 نوفمبر 2021ء"], body="", metadata=read_timestamp("2021-11-27"))
    assert result.value == date(2021, 11, 26)
    assert result.confidence is DateConfidence.MEDIUM
    assert "2021-11-27" in result.note


def test_weekday_and_comment_bound_give_the_day():
    result = infer_publication_date(
        header=[],
        body="وقال شويغو أمس الجمعة إن الاتفاق تم. وفي 10 تشرين الثاني/ نوفمبر الجاري أعلن بوتين.",
        comments=["السبت، 21-11-2020 06:19 ص", "تعليق"],
    )
    assert result.value == date(2020, 11, 21)
    assert (result.source, result.confidence) == (DateSource.COMMENT, DateConfidence.MEDIUM)
    assert "أمس الجمعة" in result.note


def test_weekday_that_contradicts_the_current_month_is_not_trusted():
    result = infer_publication_date(
        header=[],
        body="قال اليوم الأحد إن مهلة 10 أكتوبر الجاري انتهت.",
        comments=["الاثنين، 02-11-2020 10:00 ص"],
    )
    assert result.value is None
    assert result.confidence is DateConfidence.LOW


def test_a_comment_alone_is_only_an_upper_bound():
    result = infer_publication_date(header=[], body="نص بلا تاريخ.", comments=["21-11-2020 06:19"])
    assert result.value == date(2020, 11, 21)
    assert result.confidence is DateConfidence.LOW
    assert "أو قبله" in result.note


def test_missing_year_is_flagged_not_guessed():
    result = infer_publication_date(header=[], body="وصل لافروف اليوم السبت، بعد اتفاق 9 تشرين الثاني/نوفمبر الجاري.")
    assert result.value is None
    assert result.confidence is DateConfidence.YEAR_UNKNOWN
    assert "اليوم السبت" in result.note


def test_nothing_found_says_so():
    result = infer_publication_date(header=[], body="نص بلا أي تاريخ.")
    assert (result.value, result.source, result.confidence) == (None, DateSource.NONE, DateConfidence.NONE)


def test_date_lines_are_short():
    assert is_date_line("موقع أنصار الله – 14 صفر 1442هـ")
    assert is_date_line("تاريخ النشر: 29th, September 2023 GMT")
    assert not is_date_line("ودخل اتفاق وقف النار حيز التنفيذ، يوم 10 تشرين الثاني/نوفمبر 2020؛ بعد معارك استمرت لنحو شهر ونصف، وأسفرت عن سيطرة أذربيجان")


@pytest.mark.parametrize(
    "text, expected",
    [
        # «هـ» makes a numeric date Hijri: 14 Ramadan 1432 is 14 August 2011, not the year 1432.
        ("الأحد 14-09-1432 هـ", date(2011, 8, 14)),
        ("6 يناير، 2015", date(2015, 1, 6)),  # a year after an Arabic comma
        ("12 يوليوز 2019", date(2019, 7, 12)),  # Moroccan month names
        ("3 غشت 2020", date(2020, 8, 3)),
        ("الثلاثاء 8 شتنبر 2020", date(2020, 9, 8)),
        ("25 نونبر 2021", date(2021, 11, 25)),
        ("1 دجنبر 2021", date(2021, 12, 1)),
        ("١ / ١٢ / ٢٠٢٠", date(2020, 12, 1)),  # Arabic-Indic digits, spaces around the slashes
        ("12/25/2020", date(2020, 12, 25)),  # month first, and only that reading is a date
        ("ديسمبر 25, 2020", date(2020, 12, 25)),
        ("GMT 17:27 17.03.2020", date(2020, 3, 17)),
        ("2020/12/25 - 1:59 صباحًا", date(2020, 12, 25)),
    ],
)
def test_forms_from_other_outlets(text, expected):
    assert [m.to_date() for m in find_dates(text)] == [expected]


@pytest.mark.parametrize("text", ["14-09-1432", "5/6/1432", "ولد عام 1432", "13-13-2020"])
def test_a_date_whose_calendar_or_order_is_uncertain_is_not_read(text):
    assert [m.to_date() for m in find_dates(text) if m.to_date()] == []


def test_hijri_and_gregorian_on_one_line_that_agree():
    result = infer_publication_date(header=["الخميس 14 صفر 1442هـ الموافق 1 أكتوبر 2020م"], body="")
    assert (result.value, result.confidence) == (date(2020, 10, 1), DateConfidence.HIGH)


def test_hijri_and_gregorian_on_one_line_that_disagree_are_flagged():
    result = infer_publication_date(header=["14 صفر 1442هـ الموافق 5 أكتوبر 2020م"], body="")
    assert result.confidence is DateConfidence.MEDIUM
    assert "2020-10-01" in result.note


def test_a_weekday_that_does_not_fit_the_date_is_flagged():
    # 4 August 2013 was a Sunday (الأحد), not a Monday.
    assert infer_publication_date(header=["الأحد، 04 آب/اغسطس 2013"], body="").confidence is DateConfidence.HIGH
    flagged = infer_publication_date(header=["الاثنين، 04 آب/اغسطس 2013"], body="")
    assert flagged.confidence is DateConfidence.MEDIUM


def test_a_utc_timestamp_yields_to_the_visible_date_of_the_next_day():
    result = infer_publication_date(
        header=["2020/12/25 - 1:59 صباحًا"], body="", metadata=read_timestamp("2020-12-24T23:59:50+00:00")
    )
    assert (result.value, result.confidence) == (date(2020, 12, 25), DateConfidence.HIGH)


def test_a_timestamp_in_the_sites_zone_gives_its_own_day():
    stamp = read_timestamp("2020-12-25T01:59:50+02:00")
    assert (stamp.value, stamp.zone_known) == (date(2020, 12, 25), True)
    result = infer_publication_date(header=[], body="", metadata=stamp)
    assert (result.value, result.confidence) == (date(2020, 12, 25), DateConfidence.HIGH)


def test_a_utc_timestamp_near_midnight_alone_is_not_trusted():
    result = infer_publication_date(header=[], body="", metadata=read_timestamp("2020-12-24T23:59:50Z"))
    assert result.confidence is DateConfidence.LOW


def test_an_arabic_published_time_is_read():
    assert read_timestamp("الخميس 24 ديسمبر 2020").value == date(2020, 12, 24)


def test_a_date_after_the_upload_is_refused():
    result = infer_publication_date(header=["12 مارس 2031"], body="", today=date(2026, 11, 25))
    assert result.value is None
    assert "2031-03-12" in result.note


@pytest.mark.parametrize(
    "stamp, day, zone_known",
    [
        # A Gulf site's published_time, offset without a colon: its own day, though UTC is a day behind.
        ("2023-01-12T00:55:00.000+0400", date(2023, 1, 12), True),
        ("2023-01-11T20:55:00Z", date(2023, 1, 11), False),
        ("2020-03-17T17:27:41Z", date(2020, 3, 17), False),
        ("2015-07-21 02:51:32", date(2015, 7, 21), True),  # a crawler's local time, as SaudiNewsNet gives it
    ],
)
def test_metadata_timestamps_in_the_forms_sites_write(stamp, day, zone_known):
    read = read_timestamp(stamp)
    assert (read.value, read.zone_known) == (day, zone_known)


def test_every_month_name_of_every_arabic_locale_in_cldr_is_read():
    from babel import Locale, localedata

    locales = [code for code in localedata.locale_identifiers() if code == "ar" or code.startswith("ar_")]
    assert len(locales) > 20
    names = {
        (" ".join(name.split()), number)
        for code in locales
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for number, name in Locale.parse(code).months[context][width].items()
    }
    assert {"أغشت", "شتمبر", "دجمبر"} <= {name for name, _ in names}  # the Mauritanian forms
    for name, number in sorted(names):
        assert [m.to_date() for m in find_dates(f"في 12 {name} 2021")] == [date(2021, number, 12)], name


@pytest.mark.parametrize("text", ["12 ماي", "ماي 2021 كان", "في أغشت الماضي"])
def test_a_month_name_without_its_day_and_year_is_no_date(text):
    assert [m.to_date() for m in find_dates(text) if m.to_date()] == []


def test_a_dateline_above_the_headline_is_read_when_its_calendars_and_weekday_agree():
    # 25 October 2020 was a Sunday, 8 Rabi' al-Awwal 1442 by Umm al-Qura.
    line = "الأحد 8 ربيع الأول 1442 هـ - 25 تشرين الأول 2020"
    result = infer_publication_date(header=[], body="قال المتحدث إن المحادثات مستمرة.", above=["الرئيسية", line])
    assert (result.value, result.source, result.confidence) == (date(2020, 10, 25), DateSource.DATELINE, DateConfidence.MEDIUM)
    assert "فوق العنوان" in result.note
    # The dateline under the headline and the page's metadata outrank it.
    under = infer_publication_date(header=["الخميس 22 أكتوبر 2020"], body="", above=[line])
    assert under.value == date(2020, 10, 22)


@pytest.mark.parametrize(
    "line",
    [
        "الاثنين 8 ربيع الأول 1442 هـ - 25 تشرين الأول 2020",  # the weekday is wrong
        "الأحد 20 ربيع الأول 1442 هـ - 25 تشرين الأول 2020",  # the calendars disagree
        "8 ربيع الأول 1442 هـ - 25 تشرين الأول 2020",  # no weekday
        "الأحد 25 تشرين الأول 2020",  # one calendar
    ],
)
def test_a_line_above_the_headline_whose_calendars_or_weekday_do_not_agree_gives_no_date(line):
    assert infer_publication_date(header=[], body="", above=[line]).value is None
