"""The parser end to end, without a database: raw seeds, HTML pages and import records."""

import json
from datetime import date

import pytest

from archive.ingest import ArticleRecord, body_fingerprint
from archive.text.decode import UnreadableInput

from .seeds import SEEDS


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.filename[:3])
def test_each_seed_reads_as_an_archivist_would_record_it(parser, seed):
    parsed = parser.parse_upload(seed.raw(), filename=seed.filename)
    assert parsed.title == seed.title
    assert parsed.publication.value == seed.published_on
    assert parsed.publication.source.value == seed.date_source
    assert parsed.publication.confidence.value == seed.date_confidence
    assert parsed.source_slug == seed.source_slug
    assert parsed.source_name == seed.source_name
    assert set(parsed.actors) == seed.actors
    assert not seed.not_tagged & set(parsed.actors)
    assert parsed.body.startswith(seed.body_starts)
    assert parsed.body.endswith(seed.body_ends)
    for boilerplate in seed.not_in_body:
        assert boilerplate not in parsed.body
    assert parsed.original_text == seed.path.read_text(encoding="utf-8")


def test_same_article_in_another_encoding_reads_the_same(parser):
    seed = SEEDS[4]
    utf8 = parser.parse_upload(seed.raw(), filename="a.txt")
    cp1256 = parser.parse_upload(seed.raw().decode().replace("\n", "\r\n").encode("cp1256"), filename="a.txt")
    assert cp1256.original_encoding == "cp1256"
    assert (cp1256.title, cp1256.body, cp1256.publication, dict(cp1256.actors)) == (
        utf8.title, utf8.body, utf8.publication, dict(utf8.actors),
    )
    assert cp1256.checksum != utf8.checksum
    assert cp1256.body_fingerprint == utf8.body_fingerprint


def _page(*, meta_date: str = "", script: str = "") -> bytes:
    """Seed 000 as its site served it: title, captioned photo, paragraphs, reader comments."""
    lines = [line for line in SEEDS[0].path.read_text(encoding="utf-8").split("\n") if line.strip()]
    caption, paragraphs = lines[2], lines[4 : lines.index("التعليقات (1)")]
    comment = lines[-1]
    meta = f'<meta property="article:published_time" content="{meta_date}">' if meta_date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>{SEEDS[0].title} | عربي21</title>"
        f"<meta property='og:site_name' content='عربي21'>{meta}<script>{script}</script></head>"
        f"<body><nav><a href='/'>الرئيسية</a> <a href='/p'>سياسة دولية</a></nav>"
        f"<article><h1>{SEEDS[0].title}</h1><figure><img src='a.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
        f"{body}<script>{script}</script></article>"
        f"<section class='comments' id='comments'><h3>التعليقات (1)</h3><div class='comment'><p>{comment}</p></div></section>"
        f"<footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode("utf-8")


def test_html_page_gives_article_metadata_and_no_script(parser):
    parsed = parser.parse_upload(
        _page(meta_date="2020-11-21T12:00:00Z", script="document.write('بوتين ماكرون فرنسا')"), filename="page.html"
    )
    assert parsed.title == SEEDS[0].title
    assert parsed.publication.value == date(2020, 11, 21)
    assert parsed.publication.source.value == "metadata"
    assert parsed.source_slug == "arabi21"
    assert "document.write" not in parsed.body and "<" not in parsed.body
    assert "emmanuel-macron" not in parsed.actors
    assert parsed.body.startswith(SEEDS[0].body_starts)
    assert parsed.body.endswith(SEEDS[0].body_ends)
    assert set(parsed.actors) == SEEDS[0].actors


def test_html_page_of_scripts_only_is_refused(parser):
    page = b"<html><head><script>var t = '\xd8\xb1\xd9\x88\xd8\xb3\xd9\x8a\xd8\xa7';</script></head><body><script>alert(1)</script></body></html>"
    with pytest.raises(UnreadableInput, match="No Arabic article text"):
        parser.parse_upload(page, filename="page.html")


def test_text_with_no_title_line_gets_a_stand_in_and_a_warning(parser):
    body = " ".join(["أكملت روسيا نقل قواتها إلى إقليم قره باغ، فيما أعلن وزير الخارجية الروسية عن محاولات."] * 6)
    parsed = parser.parse_upload(body.encode(), filename="pasted.txt")
    assert parsed.warnings
    assert parsed.title.endswith("…")


def test_import_record_keeps_its_fields(parser):
    record = ArticleRecord(
        title="بوتين: لم تجر عمليات عسكرية كبيرة في قره باغ خلال عام",
        body="أعلن الرئيس الروسي فلاديمير بوتين أنه لم تكن هناك أعمال عسكرية كبيرة.\n\nالتعليقات (2)\nتعليق عن فرنسا",
        date="2021-11-26",
        source="urdupoint",
        url="https://www.urdupoint.com/arabic/news/1.html",
    )
    parsed = parser.parse_record(record, original=json.dumps({"title": record.title}), filename="a.jsonl#1")
    assert parsed.publication.value == date(2021, 11, 26)
    assert parsed.publication.confidence.value == "high"
    assert parsed.source_slug == "urdupoint"
    assert "فرنسا" not in parsed.body
    assert set(parsed.actors) == {"vladimir-putin", "nagorno-karabakh", "russia"}


def test_crawl_date_is_only_a_bound(parser):
    record = ArticleRecord(title="خبر", body="قال الرئيس الروسي إن المحادثات مستمرة.", date="2015-07-21 02:51:32", source="aawsat", date_is_crawl_time=True)
    parsed = parser.parse_record(record, original="{}", filename="x.json")
    assert parsed.publication.value == date(2015, 7, 21)
    assert parsed.publication.confidence.value == "low"
    assert parsed.source_slug == "aawsat"


def test_body_fingerprint_ignores_spelling_and_spacing():
    assert body_fingerprint("قال  بوتين:\nأُسدل الستار") == body_fingerprint("قال بوتين أسدل الستار")
    assert body_fingerprint("قال بوتين") != body_fingerprint("قال ماكرون")


def _text_page(*lines: str) -> bytes:
    return "\n".join(lines).encode()


BODY = (
    "أعلنت وزارة الصحة المصرية، اليوم الثلاثاء، تسجيل 30 حالة جديدة بفيروس كورونا المستجد، ليرتفع إجمالي عدد المصابين إلى 196 حالة.",
    "وأوضح المتحدث الرسمي للوزارة أن الحالات الجديدة جميعها من المخالطين للحالات التي أعلن عنها مسبقا، وأنها تخضع للعزل.",
)


@pytest.mark.parametrize(
    "dateline",
    [
        "الخميس، 12 مارس 2020 - القاهرة",  # a weekday and a city
        "كتب أحمد علي - الثلاثاء 17 مارس 2020",  # a reporter
        "REUTERS / EGYPTIAN HEALTH MINISTRY",  # a photo agency
    ],
)
def test_no_weekday_city_reporter_or_photo_agency_is_taken_for_a_source(parser, dateline):
    parsed = parser.parse_upload(_text_page("مصر تسجل 30 إصابة جديدة بفيروس كورونا", dateline, *BODY), filename="page.txt")
    assert (parsed.source_name, parsed.source_slug, parsed.source_signal) == (None, None, "")


def test_an_outlet_the_directory_knows_is_read_from_a_dateline(parser):
    parsed = parser.parse_upload(
        _text_page("مصر تسجل 30 إصابة جديدة بفيروس كورونا", "القاهرة - بوابة الأهرام - 17 مارس 2020", *BODY), filename="page.txt"
    )
    assert (parsed.source_slug, parsed.source_signal) == ("ahram", "dateline")
    assert parsed.publication.value == date(2020, 3, 17)


# A whole page's text as a scraper saves it: menu, headline, dateline, article, footer.
MENU = ("الرئيسية", "أخبار", "اقتصاد", "رياضة", "الشرق الأوسط")
HEADLINE = "مصر تسجل 30 إصابة جديدة بفيروس كورونا"
DATELINE = "الثلاثاء 17 مارس 2020 - 11:40 ص"


def test_a_copyright_line_that_names_its_holder_on_the_next_line(parser):
    page = _text_page(*MENU, HEADLINE, DATELINE, *BODY, "اقرأ أيضا", "© 2020 جميع الحقوق محفوظة لـ", "سكاي نيوز عربية", "سياسة الخصوصية")
    parsed = parser.parse_upload(page, filename="page.txt")
    assert (parsed.source_slug, parsed.source_signal) == ("skynews-arabia", "copyright line")


@pytest.mark.parametrize(
    "footer",
    [
        ("© 2020 جميع الحقوق محفوظة", "سكاي نيوز عربية"),  # the line is whole; the next is a link
        ("©", "REUTERS / Mohamed Abd El Ghany"),  # a photo credit
        ("© 2020 جميع الحقوق محفوظة لـ", "شركة الإعلام المتحد للنشر"),  # a holder the archive does not know
    ],
)
def test_no_outlet_is_guessed_from_a_line_beside_a_copyright_line(parser, footer):
    parsed = parser.parse_upload(_text_page(*MENU, HEADLINE, DATELINE, *BODY, *footer), filename="page.txt")
    assert (parsed.source_slug, parsed.source_signal) == (None, "")


@pytest.mark.parametrize(
    ("masthead", "slug"),
    [("CNN عربي", "cnn-arabic"), ("RT Arabic | الأخبار", "rt-arabic"), ("DW عربي", "dw-arabic")],
)
def test_a_masthead_naming_an_outlets_arabic_service_at_the_top_of_the_page(parser, masthead, slug):
    parsed = parser.parse_upload(_text_page(masthead, *MENU, HEADLINE, DATELINE, *BODY), filename="page.txt")
    assert (parsed.source_slug, parsed.source_signal) == (slug, "outlet's name at the top of the page")


@pytest.mark.parametrize("first_line", ["الشرق الأوسط", "القدس", "أخبار عربية"])
def test_a_first_line_that_is_a_section_or_a_place_names_no_outlet(parser, first_line):
    parsed = parser.parse_upload(_text_page(first_line, *MENU, HEADLINE, DATELINE, *BODY), filename="page.txt")
    assert parsed.source_slug is None


def test_an_arabic_service_is_found_under_any_of_its_names(parser):
    directory = parser.sources
    assert directory.lookup("CNN عربي").slug == "cnn-arabic"  # listed as «CNN بالعربية»
    assert directory.lookup("سكاي نيوز العربية").slug == "skynews-arabia"
    assert directory.lookup("القدس") is None and directory.lookup("عربي") is None


def test_sources_are_found_by_web_address(parser):
    directory = parser.sources
    assert directory.lookup_address("https://www.youm7.com/story/2020/8/24/x/4943459").slug == "youm7"
    assert directory.lookup_address("arabic.sputniknews.com").slug == "sputnik-arabic"
    # A domain given with a path is a section of a site: BBC's Arabic service, not the BBC.
    assert directory.lookup_address("https://www.bbc.com/arabic/middleeast-123").slug == "bbc-arabic"
    assert directory.lookup_address("https://www.bbc.com/news/world-123") is None
    assert directory.lookup_address("https://example.com/youm7.com") is None


def test_html_entities_left_in_an_import_record_are_decoded(parser):
    record = ArticleRecord(
        title="&quot;الصحة&quot; تعلن نتائج الفحوص", body="\n".join(BODY) + " وقال &quot;لا داعي للقلق&quot; &amp; طمأن المواطنين."
    )
    parsed = parser.parse_record(record, original="{}", filename="import.jsonl")
    assert parsed.title == '"الصحة" تعلن نتائج الفحوص'
    assert '"لا داعي للقلق" & طمأن' in parsed.body and "&quot;" not in parsed.body
    assert parsed.title_signal == "import record"


def test_a_date_after_the_upload_is_refused_with_a_note(parser):
    page = _text_page("مصر تسجل 30 إصابة جديدة بفيروس كورونا", "الثلاثاء 17 مارس 2020", *BODY)
    assert parser.parse_upload(page, filename="page.txt", today=date(2020, 3, 17)).publication.value == date(2020, 3, 17)
    refused = parser.parse_upload(page, filename="page.txt", today=date(2019, 1, 1)).publication
    assert refused.value is None and "2020-03-17" in refused.note


def test_the_admin_is_told_which_signal_gave_the_title(parser):
    html = (
        "<html><head><meta charset='utf-8'><title>مصر تسجل 30 إصابة جديدة بفيروس كورونا - اليوم السابع</title>"
        "<meta property='og:site_name' content='اليوم السابع'></head><body><h1>اليوم السابع</h1>"
        "<h1>مصر تسجل 30 إصابة جديدة بفيروس كورونا</h1>" + "".join(f"<p>{line}</p>" for line in BODY) + "</body></html>"
    )
    parsed = parser.parse_upload(html.encode(), filename="page.html")
    assert parsed.title == "مصر تسجل 30 إصابة جديدة بفيروس كورونا"
    assert parsed.title_signal == "h1"
    plain = parser.parse_upload(_text_page("الرئيسية", "مصر تسجل 30 إصابة جديدة بفيروس كورونا", *BODY), filename="page.txt")
    assert plain.title_signal == "page text"


def test_an_import_record_dated_after_the_import_is_refused(parser):
    record = ArticleRecord(title="الصحة تعلن نتائج الفحوص", body="\n".join(BODY), date="2031-03-12")
    publication = parser.parse_record(record, original="{}", filename="import.jsonl", today=date(2026, 11, 25)).publication
    assert publication.value is None and "2031-03-12" in publication.note


def test_a_dateline_above_the_headline_whose_calendars_agree_dates_a_page_with_no_other_date(parser):
    # BODY says «اليوم الثلاثاء»: 27 October 2020 was a Tuesday, 10 Rabi' al-Awwal 1442.
    page = _text_page("الثلاثاء 10 ربيع الأول 1442 هـ - 27 تشرين الأول 2020", *MENU, HEADLINE, *BODY, "© 2020 جميع الحقوق محفوظة")
    parsed = parser.parse_upload(page, filename="page.txt", today=date(2020, 10, 28))
    assert parsed.publication.value == date(2020, 10, 27)
    assert parsed.publication.confidence.value == "medium"
    # A site's clock showing another weekday than the article's «today» dates nothing.
    clock = _text_page("الأحد 8 ربيع الأول 1442 هـ - 25 تشرين الأول 2020", *MENU, HEADLINE, *BODY)
    assert parser.parse_upload(clock, filename="page.txt").publication.value is None
    # Nor does a clock later than a reader's first comment.
    commented = _text_page(
        "الثلاثاء 10 ربيع الأول 1442 هـ - 27 تشرين الأول 2020", *MENU, HEADLINE, *BODY, "التعليقات", "أحمد 18/03/2020 10:15", "مقال مفيد"
    )
    assert parser.parse_upload(commented, filename="page.txt").publication.value != date(2020, 10, 27)
    # A dateline under the headline is the article's own and wins.
    page = _text_page("الأحد 8 ربيع الأول 1442 هـ - 25 تشرين الأول 2020", *MENU, HEADLINE, DATELINE, *BODY)
    assert parser.parse_upload(page, filename="page.txt").publication.value == date(2020, 3, 17)


def test_a_byline_above_the_first_paragraph_is_not_the_title_in_either_text_form(parser):
    lines = (HEADLINE, "أحمد محمود السيد - القاهرة", DATELINE, *BODY)
    for page in (_text_page(*MENU, *lines, "جميع الحقوق محفوظة"), _text_page(*lines)):
        parsed = parser.parse_upload(page, filename="page.txt")
        assert parsed.title == HEADLINE
        assert parsed.publication.value == date(2020, 3, 17)
        assert "أحمد محمود السيد" not in parsed.body


# A page's whole text where the article is parted by a figure (caption and credit) and two
# suggested stories, each with its own date, which the page repeats after the article. The
# headline has no date of its own: the stories' dates must not become the article's.
INTERRUPTED = """الرئيسية
أخبار
سياسة
اقتصاد
رياضة
لافروف يبحث مع نظيره الأرميني تنفيذ اتفاق قره باغ
بحث لافروف ونظيره الأرميني اليوم تنفيذ البيان الثلاثي.
وزيرا خارجية روسيا وأرمينيا خلال لقائهما في موسكو
© رويترز
بوتين يهنئ رئيس وزراء أرمينيا بتشكيل الحكومة الجديدة
الأحد 15 نوفمبر 2020
أذربيجان تتسلم منطقة أغدام من أرمينيا
الجمعة 20 نوفمبر 2020
وقال لافروف في مؤتمر صحفي عقب اللقاء إن موسكو تعمل مع باكو ويريفان على ضمان وقف إطلاق النار وعودة النازحين إلى ديارهم، مؤكدا أن قوات حفظ السلام الروسية تؤدي مهمتها على خط التماس.
وأضاف أن البلدين اتفقا على مواصلة المشاورات بشأن فتح الطرق والمعابر في المنطقة، وأن الجانب الروسي سيعرض مقترحات جديدة خلال الأسابيع المقبلة لتسهيل عودة اللاجئين.
من جهته، شكر الوزير الأرميني روسيا على جهودها في وقف القتال، وقال إن بلاده ملتزمة بالبيان الثلاثي الذي وقعه قادة الدول الثلاث في التاسع من نوفمبر الجاري.
بوتين يهنئ رئيس وزراء أرمينيا بتشكيل الحكومة الجديدة
الأحد 15 نوفمبر 2020
أذربيجان تتسلم منطقة أغدام من أرمينيا
الجمعة 20 نوفمبر 2020
جميع الحقوق محفوظة"""


def test_an_article_parted_by_a_figure_and_suggested_stories_is_read_whole(parser):
    parsed = parser.parse_upload(INTERRUPTED.encode(), filename="page.txt", today=date(2020, 11, 30))
    assert parsed.title == "لافروف يبحث مع نظيره الأرميني تنفيذ اتفاق قره باغ"
    # Not 15 or 20 November, the suggested stories' dates: no year is given for the article itself.
    assert parsed.publication.value is None
    paragraphs = parsed.body.split("\n\n")
    assert paragraphs[0] == "بحث لافروف ونظيره الأرميني اليوم تنفيذ البيان الثلاثي."
    assert paragraphs[1].startswith("وقال لافروف في مؤتمر صحفي") and len(paragraphs) == 4
    for other in ("وزيرا خارجية روسيا وأرمينيا خلال لقائهما", "بوتين يهنئ", "أذربيجان تتسلم", "15 نوفمبر"):
        assert other not in parsed.body, other


TEASER_HEADLINE = "الحكومة ترفع أسعار الوقود للمرة الثانية هذا العام"
TEASER = "قررت لجنة التسعير رفع أسعار البنزين بنسبة عشرة في المئة اعتبارا من الغد."


@pytest.mark.parametrize(
    "lines",
    [
        (TEASER_HEADLINE, TEASER, "AFP", HEADLINE, DATELINE, *BODY),  # a teaser parted by a credit
        (TEASER_HEADLINE, TEASER, "اقرأ أيضا", HEADLINE, DATELINE, *BODY),  # or by «read also»
        (TEASER_HEADLINE, "الاثنين 2 مارس 2020", TEASER, "© رويترز", HEADLINE, *BODY),  # a dated teaser, the article undated
    ],
)
def test_a_teaser_above_the_article_is_not_joined_to_it_nor_its_date_taken(parser, lines):
    parsed = parser.parse_upload(_text_page(*MENU, *lines, "جميع الحقوق محفوظة"), filename="page.txt", today=date(2020, 3, 20))
    assert parsed.title == HEADLINE
    assert parsed.publication.value in (date(2020, 3, 17), None)
    assert TEASER not in parsed.body and parsed.body.startswith(BODY[0])


@pytest.mark.parametrize(
    "line",
    [
        "وسجلت أول إصابة في 14 فبراير 2020.",  # a sentence holding a date
        "وفي 3 نوفمبر 2020 أعلنت الحكومة إجراءات جديدة لمواجهة الوباء",
        "14 فبراير 2020: تسجيل أول إصابة في البلاد",  # a timeline's entry
    ],
)
def test_a_dated_line_of_the_article_itself_is_kept(parser, line):
    parsed = parser.parse_upload(_text_page(*MENU, HEADLINE, DATELINE, BODY[0], line, BODY[1]), filename="page.txt")
    assert line in parsed.body
    record = ArticleRecord(title=HEADLINE, body="\n".join([BODY[0], line, "إغلاق المدارس", "الأحد 15 مارس 2020", BODY[1]]))
    body = parser.parse_record(record, original="{}", filename="import.jsonl").body
    assert line in body and "إغلاق المدارس" in body


@pytest.mark.parametrize(
    "headline",
    ["مراسل الجزيرة ينجو من قصف في غزة", "قمة بوتين وأردوغان - سوتشي", "انفجار في مرفأ بيروت - لبنان", "الدوري المصري، الأهلي يفوز"],
)
def test_headlines_shaped_like_bylines_are_still_headlines(parser, headline):
    ticker = "ارتفاع أسعار الذهب في السوق المحلية مع بداية تعاملات اليوم"
    for lines in ((*MENU, ticker, headline), ("الرئيسية", "أخبار مصر والعالم", headline)):
        parsed = parser.parse_upload(_text_page(*lines, DATELINE, *BODY), filename="page.txt")
        assert parsed.title == headline
        assert parsed.publication.value == date(2020, 3, 17)


def test_a_photo_credit_is_never_the_source(parser):
    for credit in ("© رويترز", "© Reuters"):
        parsed = parser.parse_upload(_text_page(*MENU, HEADLINE, DATELINE, "وزيرة الصحة خلال مؤتمر صحفي", credit, *BODY), filename="page.txt")
        assert parsed.source_slug is None
