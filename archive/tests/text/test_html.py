"""What a saved HTML page says about itself."""

from archive.text.html import read_metadata, strip_site_name, visible_text

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head>
<title>تركى آل الشيخ بعد إصابة يسرا بكورونا: يارب يرفع عنك - قناة صدى البلد</title>
<meta property="og:title" content="تركى آل الشيخ بعد إصابة يسرا بكورونا: يارب يرفع عنك">
<meta property="og:site_name" content="قناة صدى البلد">
<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">
<link rel="canonical" href="https://www.elbaladtv.net/?p=12345">
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "تركى آل الشيخ بعد إصابة يسرا بكورونا: يارب يرفع عنك",
 "datePublished": "2020-12-25T01:59:50+02:00", "publisher": {"@type": "Organization", "name": "صدى البلد"}}]}</script>
</head><body><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li></ul>
<h1>تركى آل الشيخ بعد إصابة يسرا بكورونا: يارب يرفع عنك</h1><div>كتب ضحى عرفة</div><div>2020/12/25 - 1:59 صباحًا</div>
<p>انتشر خبر خلال الساعات الأخيرة علي السوشيال ميديا بشأن إصابة الفنانة يسرا بفيروس كورونا .</p>
<script>var tracking = "لا يظهر";</script></body></html>"""


def test_every_signal_is_collected_with_its_name():
    page = read_metadata(PAGE)
    assert page.domain == "elbaladtv.net"
    assert page.site_names == ["قناة صدى البلد", "صدى البلد"]
    signals = dict(reversed(page.titles))
    assert signals["h1"] == signals["og:title"] == signals["headline"] == "تركى آل الشيخ بعد إصابة يسرا بكورونا: يارب يرفع عنك"
    assert signals["html title"].endswith("- قناة صدى البلد")
    # The JSON-LD timestamp in the site's own zone comes before the UTC meta tag.
    assert page.published == ["2020-12-25T01:59:50+02:00", "2020-12-24T23:59:50+00:00"]


def test_a_page_that_is_not_html_says_nothing():
    assert read_metadata("") == read_metadata("   ")


def test_site_names_are_cut_from_either_side_of_a_title():
    assert strip_site_name("الخبر كما هو - قناة صدى البلد", ["قناة صدى البلد"]) == "الخبر كما هو"
    assert strip_site_name("المدينة نيوز - أميركا :50 الفا حصيلة الوفيات", [], ["أميركا :50 الفا حصيلة الوفيات"]) == (
        "أميركا :50 الفا حصيلة الوفيات"
    )
    # A colon inside the headline is not a separator to cut at when no side is a site name.
    assert strip_site_name("روسيا : سنقرر مع أذربيجان مستقبل المهمة", ["الوفد"]) == "روسيا : سنقرر مع أذربيجان مستقبل المهمة"


def test_visible_text_has_a_line_per_block_and_no_script():
    text = visible_text(PAGE)
    lines = text.split("\n")
    assert lines[:3] == ["الرئيسية", "رياضة", "تركى آل الشيخ بعد إصابة يسرا بكورونا: يارب يرفع عنك"]
    assert "2020/12/25 - 1:59 صباحًا" in lines
    assert "tracking" not in text and "لا يظهر" not in text
