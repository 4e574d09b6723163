"""Finding an article's publication date in Arabic news text, and saying how sure it is.

Arabic news dates itself in many ways: the month names of every Arabic locale CLDR defines
(Egyptian نوفمبر, Levantine تشرين الثاني, Algerian نوفمبر and جوان, Moroccan نونبر, Mauritanian
دجمبر), often joined by a slash (تشرين الثاني/ نوفمبر); Hijri dates (14 صفر 1442هـ),
converted with hijridate (Umm al-Qura); English dates after an Arabic label
(`تاريخ النشر: 29th, September 2023 GMT`); numeric dates (21-11-2020); and no year at all,
with only a weekday (`اليوم السبت`) and a month called current (`نوفمبر الجاري`). A reader
comment's timestamp bounds the date from above.

`infer_publication_date` weighs these and returns a `PublicationDate` that records where
the date came from and how sure it is. A year that cannot be known is never guessed.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

from hijridate import Hijri

from .normalize import normalize, normalize_with_offsets


class DateSource(StrEnum):
    """Where a publication date was found."""

    LABEL = "label"  # after a label such as تاريخ النشر
    DATELINE = "dateline"  # in the dateline above or at the start of the article
    METADATA = "metadata"  # in the page's metadata or the import record
    COMMENT = "comment"  # inferred from reader comments' timestamps
    TEXT = "text"  # pieced together from the article's own words
    ADMIN = "admin"  # entered or confirmed by an admin
    NONE = "none"


class DateConfidence(StrEnum):
    """How sure the archive is of a publication date."""

    CONFIRMED = "confirmed"  # an admin checked it
    HIGH = "high"  # stated by the page as its date
    MEDIUM = "medium"  # inferred from firm clues
    LOW = "low"  # a bound or a weak clue
    YEAR_UNKNOWN = "year_unknown"  # day or month known, the year not stated anywhere
    NONE = "none"  # nothing found


@dataclass(frozen=True)
class PublicationDate:
    """An article's date with its provenance; `value` is None when it cannot be known."""

    value: date | None
    source: DateSource
    confidence: DateConfidence
    note: str = ""


@dataclass(frozen=True)
class DateMention:
    """A date written in a text. `year` is None when the text gives none."""

    year: int | None
    month: int
    day: int
    text: str
    calendar: str = "gregorian"
    conflict: str = ""
    has_time: bool = False
    # The weekday written just before the date (0 = Monday), checked against the date.
    weekday: int | None = None

    def to_date(self, year: int | None = None) -> date | None:
        """Return the Gregorian date, using `year` when the text gave none."""
        year = self.year or year
        if year is None:
            return None
        try:
            if self.calendar == "hijri":
                converted = Hijri(year, self.month, self.day).to_gregorian()
                return date(converted.year, converted.month, converted.day)
            return date(year, self.month, self.day)
        except (ValueError, OverflowError):
            return None


def _alternatives(names: dict[str, int]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _normalised(names: dict[str, int]) -> dict[str, int]:
    return {normalize(name): number for name, number in names.items()}


GREGORIAN_MONTHS = _normalised(
    {
        "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
        "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
        "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
        # Levantine and Iraqi
        "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
        "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
        # Maghrebi: Algeria and Tunisia (French names), Morocco (its own)
        "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "جويلة": 7, "أوت": 8,
        "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
        # Mauritanian
        "أغشت": 8, "شتمبر": 9, "دجمبر": 12,
    }
)
HIJRI_MONTHS = _normalised(
    {
        "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الآخر": 4, "ربيع الثاني": 4,
        "جمادى الأولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6, "جمادى الثانية": 6,
        "جمادى الآخر": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11,
        "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
    }
)
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = _normalised(
    {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}
)
WEEKDAY_NAMES = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTH_NAMES = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")

_ARABIC_MONTH = _alternatives(GREGORIAN_MONTHS | HIJRI_MONTHS)
_END = r"(?![^\W_])"
# A year follows its month after a space, a comma (Latin or Arabic) or «من عام».
_YEAR_AFTER_MONTH = rf"(?:\s*[,،]?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<year>\d{{4}})(?!\d)\s*(?P<era>ه{_END}|م{_END}|ء)?)?"
_ARABIC_DATE = re.compile(
    rf"(?<!\d)(?:ال)?(?P<day>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<m1>{_ARABIC_MONTH}){_END}"
    rf"(?:\s*/\s*(?P<m2>{_ARABIC_MONTH}){_END})?"
    + _YEAR_AFTER_MONTH
)
# The month first, as some publishing systems print it: «ديسمبر 25, 2020».
_ARABIC_MONTH_FIRST = re.compile(
    rf"(?<![^\W_])(?P<m1>{_alternatives(GREGORIAN_MONTHS)})\s+(?P<day>\d{{1,2}})\s*[,،]\s*(?P<year>\d{{4}})(?!\d)"
)
_ENGLISH_MONTH = _alternatives(ENGLISH_MONTHS)
_ENGLISH_DATE = re.compile(
    rf"(?<![\w])(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?:of\s+)?(?P<m1>{_ENGLISH_MONTH})\.?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<m2>{_ENGLISH_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{{4}}))(?!\d)"
)
# Slashes and dashes may have spaces around them (١ / ١٢ / ٢٠٢٠); dots may not (a decimal).
_SEPARATOR = r"(?:\s*[-/]\s*|\.)"
_NUMERIC_DATE = re.compile(
    rf"(?<![\d/.-])(?:(?P<d>\d{{1,2}}){_SEPARATOR}(?P<m>\d{{1,2}}){_SEPARATOR}(?P<y>\d{{4}})"
    rf"|(?P<y2>\d{{4}}){_SEPARATOR}(?P<m2>\d{{1,2}}){_SEPARATOR}(?P<d2>\d{{1,2}}))(?![\d/.-])"
    rf"(?:\s*(?P<era>ه{_END}|م{_END}))?"
    r"(?P<time>\s*[,،-]?\s*\d{1,2}:\d{2})?"
)
# Gregorian years a news date can have; a number outside is not read as a year (1432 is Hijri).
GREGORIAN_YEARS = range(1900, 2101)
HIJRI_YEARS = range(1300, 1601)
_WEEKDAY = _alternatives(WEEKDAYS)
_WEEKDAY_BEFORE = re.compile(rf"(?:^|\s)(?:يوم\s+)?(?P<weekday>{_WEEKDAY})\s*[,،\-]?\s*(?:ال)?$")
_WEEKDAY_HINT = re.compile(
    rf"(?P<when>اليوم|امس|غدا)\s*(?:\(\s*)?(?:يوم\s+)?(?P<weekday>{_WEEKDAY}){_END}"
)
_CURRENT_MONTH = re.compile(
    rf"(?:^|[\s/])(?P<month>{_alternatives(GREGORIAN_MONTHS)})\s*(?:ال)?(?:جاري|حالي){_END}"
)
_DATE_LABEL = re.compile(
    r"^[\W_]*(?:تاريخ\s+النشر|تاريخ\s+الخبر|نشر\s+في|نشر\s+بتاريخ|بتاريخ|اخر\s+تحديث|تم\s+النشر"
    r"|published|posted|updated|date)\b"
)
# Lines longer than this are paragraphs, not datelines, whatever dates they hold.
DATELINE_MAX_WORDS = 15


def find_dates(text: str) -> list[DateMention]:
    """Return every date written in `text`, in order of appearance."""
    original = text
    text, offsets = normalize_with_offsets(text)

    def quoted(match: re.Match[str]) -> str:
        return original[offsets[match.start()] : offsets[match.end() - 1] + 1].strip()

    found: list[tuple[int, int, DateMention]] = []
    for pattern in (_ARABIC_DATE, _ARABIC_MONTH_FIRST):
        for match in pattern.finditer(text):
            mention = _arabic_mention(match, quoted(match))
            if mention:
                found.append((match.start(), match.end(), mention))
    for match in _ENGLISH_DATE.finditer(text):
        day = int(match.group("day") or match.group("day2"))
        month = ENGLISH_MONTHS[match.group("m1") or match.group("m2")]
        year = int(match.group("year") or match.group("year2"))
        if year in GREGORIAN_YEARS:
            found.append((match.start(), match.end(), DateMention(year, month, day, quoted(match))))
    for match in _NUMERIC_DATE.finditer(text):
        mention = _numeric_mention(match, quoted(match))
        if mention:
            found.append((match.start(), match.end(), mention))
    found.sort(key=lambda item: item[0])
    mentions = []
    last_end = -1
    for start, end, mention in found:
        if start < last_end:
            continue  # «ديسمبر 25, 2020» is not also «25, 2020 …»
        last_end = end
        weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 20), start)
        if weekday:
            mention = replace(mention, weekday=WEEKDAYS[weekday.group("weekday")])
        mentions.append(mention)
    return mentions


def _numeric_mention(match: re.Match[str], quoted: str) -> DateMention | None:
    """A numeric date, read only when its calendar, year and day/month order are certain."""
    if match.group("d"):
        first, second, year = int(match.group("d")), int(match.group("m")), int(match.group("y"))
        # Arabic writes the day first; a first number that cannot be a day's month says otherwise.
        day, month = (second, first) if second > 12 >= first else (first, second)
    else:
        day, month, year = int(match.group("d2")), int(match.group("m2")), int(match.group("y2"))
    era = match.group("era")
    if era == "ه":
        if year not in HIJRI_YEARS:
            return None
        calendar = "hijri"
    elif year in GREGORIAN_YEARS:
        calendar = "gregorian"
    else:
        return None
    mention = DateMention(year, month, day, quoted, calendar, has_time=bool(match.group("time")))
    return mention if mention.to_date() else None


def _arabic_mention(match: re.Match[str], quoted: str) -> DateMention | None:
    groups = match.groupdict()
    first, second = groups["m1"], groups.get("m2")
    hijri = first in HIJRI_MONTHS
    months = HIJRI_MONTHS if hijri else GREGORIAN_MONTHS
    month = months[first]
    conflict = ""
    if second:
        other = months.get(second)
        if other is None:
            return None
        if other != month:
            conflict = f"يذكر النص شهرين مختلفين ({first} / {second})"
            # The second name of a slash pair is the international one, read by most readers.
            month = other
    year = int(groups["year"]) if groups.get("year") else None
    era = groups.get("era")
    if year is not None and era == "ه" and not hijri:
        return None
    if year is not None and year not in (HIJRI_YEARS if hijri else GREGORIAN_YEARS):
        year = None
    mention = DateMention(
        year, month, int(match.group("day")), quoted, "hijri" if hijri else "gregorian", conflict
    )
    if not 1 <= mention.day <= 31:
        return None
    if year is not None and mention.to_date() is None:
        return None
    return mention


def is_date_label(line: str) -> bool:
    """Whether `line` starts with a label such as تاريخ النشر that introduces a date."""
    return bool(_DATE_LABEL.match(normalize(line)))


def is_date_line(line: str) -> bool:
    """Whether `line` is a date label or a short dateline, not a paragraph of the article."""
    if len(line.split()) > DATELINE_MAX_WORDS:
        return False
    mentions = find_dates(line)
    return bool(mentions) and (is_date_label(line) or any(m.year for m in mentions))


@dataclass(frozen=True)
class Timestamp:
    """A publication date a page's metadata gives.

    `value` is the calendar day in the page's own time zone when the timestamp carries one
    (or none at all, as local times are written). A timestamp given in UTC only says
    `zone_known=False`: near midnight the page's own day may be the next one.
    """

    value: date
    zone_known: bool
    text: str
    near_midnight: bool = False


# Arab capitals are 0 to 4 hours ahead of UTC: from 20:00 UTC on, the local day may differ.
UTC_LATE_HOUR = 20


def read_timestamp(text: str) -> Timestamp | None:
    """Read a metadata date: ISO 8601 with or without a zone, or a date written in words
    (some Arabic sites put `الخميس 24 ديسمبر 2020` in `published_time`)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        mentions = [m for m in find_dates(text) if m.year and m.to_date()]
        return Timestamp(mentions[0].to_date(), True, text) if mentions else None
    if moment.year not in GREGORIAN_YEARS:
        return None
    offset = moment.utcoffset()
    if offset is None or offset != timedelta(0):
        return Timestamp(moment.date(), True, text)
    utc = moment.astimezone(timezone.utc)
    return Timestamp(utc.date(), False, text, near_midnight=utc.hour >= UTC_LATE_HOUR)


def infer_publication_date(
    *,
    header: list[str],
    body: str,
    comments: list[str] = (),
    metadata: Timestamp | None = None,
    above: list[str] = (),
    today: date | None = None,
) -> PublicationDate:
    """Decide an article's publication date from its parts.

    `header` holds the date labels and datelines between the title and the article, nearest
    first; `comments` the reader comments after it (their timestamps bound the date);
    `metadata` a date from the page's metadata or an import record; `above` the page's
    lines above the headline, of which only a dateline whose two calendars and weekday agree
    (`calendars_agree`) is read; `today` the day of the upload, after which no article can
    have been published.
    """
    return not_after(_infer(header=header, body=body, comments=comments, metadata=metadata, above=above), today)


def calendars_agree(line: str) -> bool:
    """Whether `line` is a dateline giving one day in both calendars and by its weekday, all
    agreeing («الأحد 12 ربيع الأول 1442 هـ - 25 تشرين الأول/أكتوبر 2020»): a day no reading
    of a stray number can produce. The Hijri date may differ from Umm al-Qura by the day a
    country's moon sighting moves it."""
    if len(line.split()) > DATELINE_MAX_WORDS:
        return False
    dated = [m for m in find_dates(line) if m.year and m.to_date()]
    gregorian = [m for m in dated if m.calendar == "gregorian"]
    hijri = [m for m in dated if m.calendar == "hijri"]
    if len(gregorian) != 1 or len(hijri) != 1:
        return False
    day = gregorian[0].to_date()
    named = [m.weekday for m in dated if m.weekday is not None]
    return abs((hijri[0].to_date() - day).days) <= 1 and bool(named) and all(weekday == day.weekday() for weekday in named)


def after_upload(value: date, today: date) -> bool:
    """Whether an article dated `value` would have been published after it reached the
    archive on `today` (a day's grace for time zones): no date read or typed can be."""
    return value > today + timedelta(days=1)


def not_after(result: PublicationDate, today: date | None) -> PublicationDate:
    """`result`, or no date with a note when it falls after `today` (the day of the upload):
    no article was published after it reached the archive."""
    if today and result.value and after_upload(result.value, today):
        return PublicationDate(
            None,
            result.source,
            DateConfidence.NONE,
            f"رُفض التاريخ {result.value.isoformat()} لأنه بعد تاريخ الرفع ({today.isoformat()}): {result.note}",
        )
    return result


def _infer(*, header, body, comments, metadata, above=()) -> PublicationDate:
    labelled = [line for line in header if is_date_label(line)]
    for lines, source in ((labelled, DateSource.LABEL), (header, DateSource.DATELINE)):
        for line in lines:
            stated = _stated_on_line(line, source, metadata)
            if stated:
                return stated
    if metadata:
        return _from_metadata(metadata)
    agreeing = next((line for line in above if calendars_agree(line)), None)
    if agreeing and _fits_the_text(next(m for m in find_dates(agreeing) if m.calendar == "gregorian").to_date(), body, comments):
        mention = next(m for m in find_dates(agreeing) if m.calendar == "gregorian")
        return PublicationDate(
            mention.to_date(),
            DateSource.DATELINE,
            # A site may print the day the page is read there: the date is firm, its meaning less so.
            DateConfidence.MEDIUM,
            f"ورد فوق العنوان: «{agreeing.strip()}»، ويتفق فيه التاريخان الهجري والميلادي واليوم؛ "
            "وقد يكون تاريخ الموقع يوم حُفظت الصفحة.",
        )

    comment_stamps = sorted(
        filter(None, (m.to_date() for line in comments for m in find_dates(line) if m.has_time))
    )
    bound = comment_stamps[0] if comment_stamps else None
    datelined = [m for line in header for m in find_dates(line)]
    article_weekday, weekday_clue = _weekday_clue(body)
    current_month = _current_month(body)
    yearless = [m for m in datelined if m.year is None]

    if bound and yearless:
        mention = yearless[0]
        candidate = mention.to_date(bound.year) or None
        if candidate and candidate > bound:
            candidate = mention.to_date(bound.year - 1)
        if candidate:
            return PublicationDate(
                candidate,
                DateSource.COMMENT,
                DateConfidence.MEDIUM,
                f"يذكر سطر التاريخ «{mention.text}» بلا سنة؛ والسنة هي سنة أول تعليق للقراء ({bound.isoformat()}).",
            )
    if bound and article_weekday is not None:
        candidate = bound - timedelta(days=(bound.weekday() - article_weekday) % 7)
        day = WEEKDAY_NAMES[article_weekday]
        note = (
            f"يقول النص «{weekday_clue}»، فقد نُشر يوم {day}؛ وهو آخر يوم {day} "
            f"في تاريخ أول تعليق للقراء ({bound.isoformat()}) أو قبله."
        )
        if current_month and candidate.month != current_month:
            return PublicationDate(
                None,
                DateSource.COMMENT,
                DateConfidence.LOW,
                note + f" لكن النص يصف شهر {MONTH_NAMES[current_month - 1]} بأنه الشهر الجاري، وهذا لا يتفق؛ يُرجى التحقق.",
            )
        return PublicationDate(candidate, DateSource.COMMENT, DateConfidence.MEDIUM, note)
    if bound:
        return PublicationDate(
            bound,
            DateSource.COMMENT,
            DateConfidence.LOW,
            "نُشر في هذا التاريخ أو قبله (تاريخ أول تعليق للقراء)؛ لا يذكر النص تاريخًا له.",
        )

    clues = []
    if yearless:
        clues.append(f"سطر التاريخ «{yearless[0].text}»")
    if weekday_clue:
        clues.append(f"«{weekday_clue}»")
    if current_month:
        clues.append(f"أن الشهر الجاري هو {MONTH_NAMES[current_month - 1]}")
    if clues:
        return PublicationDate(
            None,
            DateSource.TEXT,
            DateConfidence.YEAR_UNKNOWN,
            "السنة غير مذكورة في أي موضع؛ يذكر النص " + "، و".join(clues) + ". يُرجى تأكيد التاريخ.",
        )
    return PublicationDate(None, DateSource.NONE, DateConfidence.NONE, "لم يُعثر على تاريخ النشر في النص.")


def _fits_the_text(day: date, body: str, comments) -> bool:
    """Whether `day` agrees with what the article says of its own day: a weekday it names
    («اليوم الثلاثاء»), the month it calls current, and its readers' first comment (a site's
    clock above the headline may show the day the page was saved, not published)."""
    weekday, _ = _weekday_clue(body)
    month = _current_month(body)
    stamps = [m.to_date() for line in comments for m in find_dates(line) if m.has_time and m.to_date()]
    return (
        (weekday is None or weekday == day.weekday())
        and (month is None or month == day.month)
        and not (stamps and day > min(stamps))
    )


def _from_metadata(metadata: Timestamp) -> PublicationDate:
    if metadata.zone_known or not metadata.near_midnight:
        return PublicationDate(
            metadata.value, DateSource.METADATA, DateConfidence.HIGH, f"مأخوذ من البيانات الوصفية للصفحة ({metadata.text})."
        )
    return PublicationDate(
        metadata.value,
        DateSource.METADATA,
        DateConfidence.LOW,
        f"البيانات الوصفية للصفحة تعطي الوقت بتوقيت غرينتش ({metadata.text})، قرب منتصف الليل؛ "
        "قد يكون تاريخ النشر بتوقيت الموقع اليوم التالي. يُرجى التحقق.",
    )


def _stated_on_line(line: str, source: DateSource, metadata: Timestamp | None) -> PublicationDate | None:
    """The date a header line states, checked against the line's other calendar, its
    weekday and the page's metadata."""
    dated = [m for m in find_dates(line) if m.year and m.to_date()]
    if not dated:
        return None
    # A line giving both calendars is read by its Gregorian date; the Hijri one must agree.
    gregorian = [m for m in dated if m.calendar == "gregorian"]
    mention = (gregorian or dated)[0]
    value = mention.to_date()
    confidence = DateConfidence.HIGH
    notes = [f"ورد في المقال: «{mention.text}»"]
    if mention.calendar == "hijri":
        notes.append(f"تاريخ هجري حُوِّل بتقويم أم القرى إلى {value.isoformat()}")
    for other in dated:
        if other.calendar != mention.calendar:
            # Umm al-Qura and a country's sighting of the moon may differ by a day.
            if abs((other.to_date() - value).days) > 1:
                notes.append(f"لكن التاريخ الآخر في السطر «{other.text}» يوافق {other.to_date().isoformat()}")
                confidence = DateConfidence.MEDIUM
    if mention.conflict:
        notes.append(mention.conflict)
        confidence = DateConfidence.MEDIUM
    for written in dated:
        if written.weekday is not None and written.weekday != written.to_date().weekday():
            notes.append(f"لكن اليوم المذكور ({WEEKDAY_NAMES[written.weekday]}) لا يوافق «{written.text}»")
            confidence = DateConfidence.MEDIUM
    if metadata and metadata.value != value:
        if not metadata.zone_known and abs((metadata.value - value).days) == 1:
            notes.append(f"وتعطي البيانات الوصفية {metadata.text} بتوقيت غرينتش، وهو اليوم نفسه بتوقيت الموقع")
        else:
            notes.append(f"والبيانات الوصفية للصفحة تقول {metadata.value.isoformat()}")
            confidence = DateConfidence.MEDIUM
    return PublicationDate(value, source, confidence, "؛ ".join(notes) + ".")


def _weekday_clue(body: str) -> tuple[int | None, str]:
    """The weekday the article was written on, from `اليوم السبت` or `أمس الجمعة`."""
    text, offsets = normalize_with_offsets(body)
    match = _WEEKDAY_HINT.search(text)
    if not match:
        return None, ""
    shift = {"اليوم": 0, "امس": 1, "غدا": -1}[match.group("when")]
    quoted = body[offsets[match.start()] : offsets[match.end() - 1] + 1]
    return (WEEKDAYS[match.group("weekday")] + shift) % 7, quoted


def _current_month(body: str) -> int | None:
    match = _CURRENT_MONTH.search(normalize(body))
    return GREGORIAN_MONTHS[match.group("month")] if match else None
