"""Reads shared by the pages and the commands."""

from archive import selectors, services
from archive.text.tokenize import line_key

STORIES = [
    ("وزير الخارجية يبحث مع نظيره الروسي تطورات الأوضاع", "بحث وزير الخارجية اليوم مع نظيره الروسي سيرغي لافروف تطورات الأوضاع في المنطقة، وسبل دعم الحل السياسي."),
    ("ارتفاع أسعار الذهب في السوق المحلية", "ارتفعت أسعار الذهب في السوق المحلية مع بداية تعاملات اليوم، وسط إقبال متزايد على الشراء قبل الأعياد."),
    ("الأرصاد تتوقع طقسا حارا خلال الأيام المقبلة", "توقعت هيئة الأرصاد الجوية أن يسود طقس حار على معظم أنحاء البلاد خلال الأيام المقبلة، مع نشاط للرياح."),
    ("افتتاح معرض الكتاب بمشاركة مئات الناشرين", "افتتح وزير الثقافة اليوم معرض الكتاب بمشاركة مئات الناشرين من الدول العربية والأجنبية، ويستمر أسبوعين."),
]
# A paragraph a wire repeats in every story: article text, not boilerplate.
BACKGROUND = "يذكر أن الحكومة أعلنت في وقت سابق خطة شاملة لدعم الاقتصاد الوطني، تشمل حزمة من الإجراءات العاجلة."


def _page(title: str, paragraph: str) -> bytes:
    return "\n".join(["تابعوا بوابة الوفد على تطبيق نبض", title, paragraph, BACKGROUND, "المصدر: بوابة الوفد"]).encode()


def test_lines_an_outlets_articles_repeat_become_its_boilerplate(archive_data):
    parser = selectors.parser_from_database()
    for number, (title, paragraph) in enumerate(STORIES):
        raw = _page(title, paragraph)
        parsed = services.upload_parse(data=raw, filename=f"{number}.txt", parser=parser)
        assert parsed.source_slug == "alwafd"
        services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer)
    recurring = selectors.sources_recurring_lines()
    assert line_key("تابعوا بوابة الوفد على تطبيق نبض") in recurring["alwafd"]
    assert line_key(BACKGROUND) not in recurring["alwafd"]
    # A new upload from the outlet is read without the line its pages repeat, and keeps its text.
    fresh = selectors.parser_from_database().parse_upload(
        _page("انطلاق مؤتمر الاستثمار بمشاركة دولية", "انطلقت اليوم أعمال مؤتمر الاستثمار بمشاركة وفود من أكثر من ثلاثين دولة، ويستمر ثلاثة أيام."),
        filename="new.txt",
    )
    assert fresh.title == "انطلاق مؤتمر الاستثمار بمشاركة دولية"
    assert fresh.body.endswith(BACKGROUND)
    assert ("تابعوا بوابة الوفد على تطبيق نبض", "recurs on the outlet's other pages") in [(r.text, r.reason) for r in fresh.removed]


def test_an_outlet_with_too_few_articles_has_no_boilerplate_of_its_own(archive_data):
    parser = selectors.parser_from_database()
    # One article short of the threshold, all sharing a line: still too few to tell.
    for number, (title, paragraph) in enumerate(STORIES[: selectors.RECURRING_MIN_ARTICLES - 1]):
        raw = _page(title, paragraph)
        parsed = services.upload_parse(data=raw, filename=f"{number}.txt", parser=parser)
        services.article_create(parsed=parsed, raw=raw, gazetteer=parser.gazetteer)
    assert selectors.sources_recurring_lines() == {}
