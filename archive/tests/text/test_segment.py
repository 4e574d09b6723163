import pytest

from archive.text.dates import is_date_line
from archive.text.segment import Marker, MarkerKind, Segmenter

from ..seeds import SEEDS


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.filename[:3])
def test_each_seed_is_cut_to_its_article(seed):
    segments = Segmenter().split(seed.path.read_text(encoding="utf-8"), is_header_line=is_date_line)
    assert segments.title == seed.title
    assert segments.body.startswith(seed.body_starts)
    assert segments.body.endswith(seed.body_ends)
    for boilerplate in seed.not_in_body:
        assert boilerplate not in segments.body


def test_removed_lines_say_why():
    segments = Segmenter().split(SEEDS[0].path.read_text(encoding="utf-8"), is_header_line=is_date_line)
    reasons = {line.reason for line in segments.removed}
    assert {"section label", "caption printed twice", "related link"} <= reasons
    assert segments.trailer[0] == "التعليقات (1)"


def test_glued_article_after_read_also_is_trailer():
    segments = Segmenter().split(SEEDS[2].path.read_text(encoding="utf-8"), is_header_line=is_date_line)
    trailer = "\n".join(segments.trailer)
    assert "علييف: لا حاجة لقاعدة تركية في أذربيجان" in trailer
    assert "المصدر: بوابة الوفد" in trailer


def test_glued_article_without_marker_is_found_by_its_dateline():
    text = "\n".join(
        [
            "عنوان الخبر الأول عن قره باغ",
            "قال المتحدث إن المحادثات مستمرة بين الطرفين في موسكو.",
            "وأضاف أن الجولة المقبلة ستعقد الأسبوع القادم في العاصمة الروسية.",
            "علييف: لا حاجة لقاعدة تركية في أذربيجان",
            "أنقرة (زمان التركية) – وصف الرئيس الأذربيجاني إلهام علييف التقارير الإعلامية بأنها تكهنات.",
        ]
    )
    segments = Segmenter().split(text)
    assert segments.body.endswith("في العاصمة الروسية.")
    assert segments.trailer[0] == "علييف: لا حاجة لقاعدة تركية في أذربيجان"


def test_markers_ignore_hamza_tanween_and_spacing():
    segmenter = Segmenter()
    for line in ("اقرأ أيضا: خبر آخر", "إقرأ أيضاً : خبر آخر", "إقرا ايضا:خبر آخر"):
        assert segmenter.marker_kind(line)[0] is MarkerKind.RELATED
    assert segmenter.marker_kind("التعليقات (12)")[0] is MarkerKind.END
    assert segmenter.marker_kind("لمزيد من الأخبار الرياضية اضغط هنا")[0] is MarkerKind.END


def test_a_marker_needs_its_colon_and_whole_words():
    segmenter = Segmenter()
    assert segmenter.marker_kind("المصدر الرئيسي للتوتر هو الحدود.") is None
    assert segmenter.marker_kind("شاركت روسيا في المحادثات.") is None


def test_an_admin_marker_extends_the_defaults():
    text = "\n".join(
        [
            "عنوان الخبر عن كاراباخ وأرمينيا",
            "قال المتحدث إن المحادثات مستمرة بين الطرفين.",
            "حمّل تطبيقنا الآن",
            "تعليق من قارئ عن روسيا وفرنسا.",
        ]
    )
    assert "تعليق من قارئ" in Segmenter().split(text).body
    custom = Segmenter((Marker("حمل تطبيقنا *", MarkerKind.END),))
    assert custom.split(text).body == "قال المتحدث إن المحادثات مستمرة بين الطرفين."


def test_long_unpunctuated_line_is_a_row_of_headlines():
    text = "\n".join(
        [
            "عنوان الخبر عن كاراباخ",
            "أكدت روسيا أنها ستقرر مع أذربيجان مستقبل المهمة.",
            "ارتفاع عدد قتلى انفجار مستودع وقود في كاراباخ إلى 170 الأمم المتحدة تدعو لتقديم الدعم العاجل للفارين",
            "وقال المتحدث إن هذه النقطة ستكون موضوع مناقشات.",
        ]
    )
    segments = Segmenter().split(text)
    assert "الأمم المتحدة" not in segments.body
    assert segments.body.endswith("موضوع مناقشات.")


def test_a_short_title_before_a_paragraph_is_the_title():
    segments = Segmenter().split("بوتين يحذر أرمينيا\nقال الرئيس الروسي فلاديمير بوتين إن على أرمينيا احترام الاتفاق.")
    assert segments.title == "بوتين يحذر أرمينيا"
    assert segments.removed == []


def test_a_known_title_is_not_searched_for():
    segments = Segmenter().split("خبر قصير جدا.\nسطر ثان من المقال.", title="عنوان")
    assert segments.title == "عنوان"
    assert segments.paragraphs == ["خبر قصير جدا.", "سطر ثان من المقال."]


def test_related_label_with_tatweel_and_lines_without_words():
    text = "\n".join(
        [
            "عنوان الخبر عن كاراباخ وأرمينيا",
            "قال المتحدث إن المحادثات مستمرة بين الطرفين.",
            "* * *",
            "اقـــرأ أيــضاً:",
            "خبر آخر عن فرنسا",
        ]
    )
    segments = Segmenter().split(text)
    assert segments.body == "قال المتحدث إن المحادثات مستمرة بين الطرفين."
    assert segments.trailer == ["اقـــرأ أيــضاً:", "خبر آخر عن فرنسا"]
    assert ("* * *", "no words") in [(r.text, r.reason) for r in segments.removed]


PARAGRAPHS = [
    "انتشر خبر خلال الساعات الأخيرة علي السوشيال ميديا بشأن إصابة الفنانة بفيروس كورونا، ولم يصدر أي تعليق رسمي.",
    "وأوضح مصدر مقرب أن الفنانة أغلقت هاتفها المحمول، ولم ترد على الاتصالات خلال اليومين الماضيين.",
    "يذكر أن أخر أعمال الفنانة مسلسل عرض في رمضان 2020، وشارك في بطولته عدد من نجوم الدراما.",
]


def _split(lines):
    return Segmenter().split("\n".join(lines), is_header_line=is_date_line)


def test_a_lone_read_also_in_mid_article_does_not_end_it():
    segments = _split(
        ["عنوان الخبر عن إصابة الفنانة بكورونا", *PARAGRAPHS[:2], "إقرأ أيضاً",
         "المدير الفني لفريق الفيوم: هدفنا المربع الذهبي هذا الموسم", "ديسمبر 25, 2020", PARAGRAPHS[2]]
    )
    assert segments.paragraphs == PARAGRAPHS
    assert "المدير الفني لفريق الفيوم: هدفنا المربع الذهبي هذا الموسم" not in segments.body


def test_a_read_also_before_another_outlets_article_ends_the_article():
    segments = _split(
        ["عنوان الخبر عن إصابة الفنانة بكورونا", *PARAGRAPHS[:2], "إقرأ أيضاً:", "تركيا تعلن موقفها من الاتفاق",
         "أنقرة (زمان التركية) – أعلنت وزارة الخارجية التركية اليوم موقفها من الاتفاق الذي وقعه الطرفان بعد مفاوضات طويلة."]
    )
    assert segments.paragraphs == PARAGRAPHS[:2]
    assert "زمان التركية" in "\n".join(segments.trailer)


def test_a_photo_credit_and_the_story_suggested_after_it_are_removed():
    segments = _split(["عنوان الخبر عن إصابة الفنانة بكورونا", PARAGRAPHS[0], "©", "REUTERS / SHOKRY HUSSIEN",
                       "مصر تحظر تصدير الكحول والكمامات الطبية", *PARAGRAPHS[1:]])
    assert segments.paragraphs == PARAGRAPHS


def test_site_notices_after_the_article_are_not_the_article():
    notice = (
        "ترحب شبكة CNN بالنقاش الحيوي والمفيد، وكي لا نضطر إلى مراجعة التعليقات قبل نشرها ننصحك بمراجعة "
        "إرشادات الاستخدام وسياسة الخصوصية."
    )
    disclaimer = "الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط."
    segments = _split(["عنوان الخبر عن إصابة الفنانة بكورونا", *PARAGRAPHS, notice, disclaimer])
    assert segments.paragraphs == PARAGRAPHS
    # A paragraph about readers' comments is the article's own when it names no policy.
    about_comments = "من المناسب أن نقرأ عددا من تعليقات القراء على الموضوع، فإن تعليقا وردني يستحق النقاش."
    assert _split(["عنوان الخبر عن إصابة الفنانة بكورونا", *PARAGRAPHS, about_comments]).paragraphs[-1] == about_comments


def test_lines_recurring_on_the_outlets_pages_are_set_aside():
    from archive.text.tokenize import line_key

    text = "\n".join(["عنوان الخبر عن إصابة الفنانة بكورونا", "تابعونا على تطبيق نبض", *PARAGRAPHS])
    segments = Segmenter().split(text, is_header_line=is_date_line, recurring=frozenset({line_key("تابعونا على تطبيق نبض")}))
    assert ("تابعونا على تطبيق نبض", "recurs on the outlet's other pages") in [(r.text, r.reason) for r in segments.removed]
    assert segments.paragraphs == PARAGRAPHS
