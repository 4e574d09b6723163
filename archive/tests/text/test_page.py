"""Finding the article in a page's whole visible text, from the shape of its lines."""

from archive.text.dates import is_date_line
from archive.text.page import is_byline, is_credit, is_name_and_place, is_prose, locate_article, recurring_lines
from archive.text.tokenize import line_key

# A page's whole text as a scraper saves it: the site's clock, a menu, a ticker of other
# headlines, a breadcrumb, the headline, its date, a caption, a byline, buttons, the
# article (seed 001's opening paragraphs), related links, a comment form and the footer.
PAGE = """الخميس، 12 نوفمبر 2020 10:15 ص
الرئيسية
سياسة
اقتصاد
رياضة
منوعات
وزير الخارجية المصري يبحث مع نظيره الأردني تطورات الأوضاع في المنطقة
ارتفاع أسعار الذهب في السوق المحلية مع بداية تعاملات اليوم
الرئيسية
عربي ودولي
لافروف: جميع الأطراف اعترفت خلال محادثات أرمينيا بأن اتفاق كاراباخ لا جدال فيه
السبت، 21 نوفمبر 2020 09:30 م
وزيرا الخارجية والدفاع الروسيان سيرغي لافروف وسيرغي شويغو
كتب أحمد علي
مشاركة
قال وزير الخارجية الروسي سيرغي لافروف، إن جميع الأطراف اعترفت خلال المحادثات في أرمينيا بأن بيان 9 تشرين الثاني/نوفمبر حول وقف إطلاق النار في كاراباخ لا جدال فيه.
وقال لافروف "أجرينا مفاوضات شاملة. أولينا الاهتمام الرئيسي للمهام المتعلقة بضمان التنفيذ الواضح والكامل للبيان المشترك".
وشدد وزير الخارجية الروسي على أن الأطراف كافة أكدت التزامها بما تم الاتفاق عليه، وأن قوات حفظ السلام الروسية تواصل انتشارها على امتداد خط التماس.
اقرأ أيضا
وزير الخارجية المصري يبحث مع نظيره الأردني تطورات الأوضاع في المنطقة
أضف تعليقك
الاسم
البريد الإلكتروني
إرسال
جميع الحقوق محفوظة 2020"""


def _lines(text):
    return [line for line in text.split("\n") if line.strip()]


def test_the_headline_and_the_paragraphs_are_found_among_menus_and_tickers():
    lines = _lines(PAGE)
    span = locate_article(lines, is_date_line=is_date_line, is_boilerplate=lambda line: False)
    assert lines[span.title].startswith("لافروف: جميع الأطراف اعترفت")
    assert lines[span.body_start].startswith("قال وزير الخارجية الروسي سيرغي لافروف")
    assert lines[span.body_end].startswith("وشدد وزير الخارجية الروسي")


def test_a_headline_the_metadata_gives_wins_over_the_page_shape():
    lines = _lines(PAGE)
    caption = "وزيرا الخارجية والدفاع الروسيان سيرغي لافروف وسيرغي شويغو"
    span = locate_article(lines, is_date_line=is_date_line, is_boilerplate=lambda line: False, known_titles=(caption,))
    assert lines[span.title] == caption


def test_text_with_no_prose_has_no_article():
    assert locate_article(["الرئيسية", "سياسة", "اقتصاد"], is_date_line=is_date_line, is_boilerplate=lambda line: False) is None


def test_line_shapes():
    assert is_prose("قال وزير الخارجية الروسي سيرغي لافروف، إن جميع الأطراف اعترفت بالاتفاق.")
    assert not is_prose("وزير الخارجية المصري يبحث مع نظيره الأردني تطورات الأوضاع في المنطقة")
    # Headlines strung together with colons are not prose, however long.
    assert not is_prose(
        "صور : هكذا صلى النشامى وافطروا في الطرقات وزير الزراعة: نعمل على تطوير السياسات الزراعية للاستفادة من دروس ازمة كورونا"
    )
    assert is_byline("كتب أحمد علي") and is_byline("بقلم: سامي كليب") and not is_byline("كتب الرئيس الروسي رسالة طويلة إلى نظيره الأذربيجاني يدعوه فيها إلى التهدئة")
    assert is_credit("REUTERS / SHOKRY HUSSIEN") and is_credit("©") and not is_credit("REUTERS قالت إن")


def test_lines_an_outlet_repeats_on_its_pages_are_its_boilerplate():
    pages = [f"الرئيسية\nتابعونا على فيسبوك\nخبر رقم {n} عن الاتفاق.\nجميع الحقوق محفوظة لموقع المثال" for n in range(5)]
    pages.append("الرئيسية\nخبر آخر لا يتكرر.")
    repeated = recurring_lines(pages)
    assert {line_key("الرئيسية"), line_key("تابعونا على فيسبوك"), line_key("جميع الحقوق محفوظة لموقع المثال")} == repeated
    assert recurring_lines(pages[:2]) == frozenset()  # two pages are too few to tell


# An article with its reporter's name and city under the headline, then the date, as
# agencies and regional sites print them: the date's nearest headline-shaped line above it
# is the byline.
BYLINED = """الرئيسية
سياسة
اقتصاد
أخبار عاجلة
بوتين وأردوغان يبحثان هاتفيا الوضع في قره باغ
{byline}
قال الكرملين في بيان، اليوم الأحد، إن الرئيس الروسي فلاديمير بوتين بحث مع نظيره التركي رجب طيب أردوغان الوضع في إقليم قره باغ.
وأضاف البيان أن الرئيسين أكدا أهمية الالتزام بوقف إطلاق النار، واتفقا على مواصلة الاتصالات بين وزارتي الخارجية والدفاع في البلدين.
تابعونا على فيسبوك
جميع الحقوق محفوظة"""


def test_a_reporters_name_and_city_above_the_article_is_never_its_headline():
    for byline in ("سامر محمود الخطيب - موسكو", "سامر الخطيب، خاص", "سامر الخطيب – أنقرة"):
        assert is_byline(byline) or is_name_and_place(byline), byline
        lines = _lines(BYLINED.format(byline=f"{byline}\nالأحد 25 أكتوبر 2020 - 10:30"))
        span = locate_article(lines, is_date_line=is_date_line, is_boilerplate=lambda line: False)
        assert lines[span.title] == "بوتين وأردوغان يبحثان هاتفيا الوضع في قره باغ", byline


def test_a_short_headline_with_a_dash_is_still_the_headline():
    for headline in ("قمة بوتين وأردوغان - سوتشي", "مباحثات السلام - جنيف", "انفجار في مرفأ بيروت - لبنان"):
        page = BYLINED.replace("بوتين وأردوغان يبحثان هاتفيا الوضع في قره باغ", headline).format(byline="الأحد 25 أكتوبر 2020 - 10:30")
        lines = _lines(page)
        span = locate_article(lines, is_date_line=is_date_line, is_boilerplate=lambda line: False)
        assert lines[span.title] == headline
    for headline in ("قره باغ: هدنة جديدة - والقتال مستمر", "موسكو وأنقرة، اتفاق جديد على وقف إطلاق النار"):
        assert not is_name_and_place(headline), headline
