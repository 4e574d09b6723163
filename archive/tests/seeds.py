"""The five seed articles and what an archivist reading each would record.

These expectations were written from reading the raw files in ../shared/seeds, not from
the parser's output; every layer's tests check against them.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@dataclass(frozen=True)
class SeedExpectation:
    filename: str
    title: str
    published_on: date | None
    date_source: str
    date_confidence: str
    source_slug: str | None
    source_name: str | None
    actors: frozenset[str]
    body_starts: str
    body_ends: str
    not_in_body: tuple[str, ...]
    # Actors named only in boilerplate (comments, captions, related links, glued article).
    not_tagged: frozenset[str] = field(default_factory=frozenset)

    @property
    def path(self) -> Path:
        return SEEDS_DIR / self.filename

    def raw(self) -> bytes:
        return self.path.read_bytes()


SEEDS = [
    SeedExpectation(
        filename="000_c4fb1818efe7e184.txt",
        title="روسيا تستكمل نشر قواتها بقره باغ.. ومحاولات لعرقلة الاتفاق",
        # No year in the text: «أمس الجمعة» makes it a Saturday, and the first reader
        # comment (السبت، 21-11-2020) bounds it.
        published_on=date(2020, 11, 21),
        date_source="comment",
        date_confidence="medium",
        source_slug=None,
        source_name=None,
        actors=frozenset(
            {
                "russia", "nagorno-karabakh", "sergey-lavrov", "armenia", "azerbaijan", "yerevan",
                "nikol-pashinyan", "sergei-shoigu", "yevgeny-zinichev", "alexander-novak", "alexei-overchuk",
                "mikhail-murashko", "anna-popova", "vladimir-putin", "turkey", "icrc", "movses-hakobyan",
                "agdam", "lachin", "hikmet-hajiyev", "kalbajar",
            }
        ),
        body_starts="أكملت روسيا نقل قواتها إلى إقليم قره باغ",
        body_ends="من أجل إخلاء مدينة كلبجار المحتلة، بسبب ظروف الطقس في المنطقة.",
        not_in_body=("سياسة دولية", "التعليقات", "سليمان كرال اوغلو", "اقرأ أيضا", "مسؤول أمني يعترف", "ماكرون", "21-11-2020"),
        not_tagged=frozenset({"emmanuel-macron", "france", "osce-minsk-group", "united-states", "anadolu-agency", "nato"}),
    ),
    SeedExpectation(
        filename="001_7869ac890df7723d.txt",
        title="لافروف: جميع الأطراف اعترفت خلال محادثات أرمينيا بأن اتفاق كاراباخ لا جدال فيه",
        # «اليوم السبت» and «نوفمبر الجاري», but no year anywhere: not guessed.
        published_on=None,
        date_source="text",
        date_confidence="year_unknown",
        source_slug=None,
        source_name=None,
        actors=frozenset(
            {
                "sergey-lavrov", "armenia", "nagorno-karabakh", "russia", "sergei-shoigu", "stepanakert",
                "azerbaijan", "moscow", "nikol-pashinyan", "vagharshak-harutyunyan", "vladimir-putin", "yerevan",
                "david-tonoyan", "agdam", "turkey", "hulusi-akar", "anadolu-agency", "recep-tayyip-erdogan",
            }
        ),
        body_starts="وزير الدفاع الروسي سيرغي شويغو يقول إنه تم إنشاء 23 مركزاً للمراقبة",
        body_ends="وانتشار قوات حفظ السلام الروسية على امتداد خط التماس في قره باغ والممر الواصل بين أراضي أرمينيا وكاراباخ.",
        not_in_body=("اخترنا لك", "•", "وزيرا الخارجية والدفاع الروسيان سيرغي لافروف وسيرغي شويغو\n"),
    ),
    SeedExpectation(
        filename="002_d88aad4c16a3b18a.txt",
        title="روسيا: سنقرر مع أذربيجان مستقبل مهمة حفظ السلام بكاراباخ",
        published_on=date(2023, 9, 29),
        date_source="label",
        date_confidence="high",
        source_slug="alwafd",
        source_name="بوابة الوفد",
        actors=frozenset(
            {
                "russia", "azerbaijan", "nagorno-karabakh", "baku", "moscow", "dmitry-peskov", "afp",
                "samvel-shahramanyan", "yerevan", "armenia", "nikol-pashinyan", "united-states",
            }
        ),
        body_starts="أكدت روسيا، اليوم الجمعة، أنها ستقرر مع أذربيجان مستقبل مهمة حفظ السلام",
        body_ends="منذ القتال الأول بين الطرفين بالمنطقة في التسعينيات.",
        not_in_body=(
            "تاريخ النشر", "ارتفاع عدد قتلى انفجار", "لمزيد من الأخبار", "المصدر", "كلمات دلالية",
            "إقرأ أيضاً", "علييف", "زمان التركية", "Tags",
        ),
        # The glued-on Zaman article names Aliyev, Turkey, Ankara, Shusha and RIA Novosti;
        # the related-headline row names the UN; the tag line names the Kremlin.
        not_tagged=frozenset({"ilham-aliyev", "turkey", "ankara", "shusha", "ria-novosti", "united-nations", "kremlin"}),
    ),
    SeedExpectation(
        filename="003_a4fa7c30a34d5282.txt",
        title="بوتين: لم تجر عمليات عسكرية كبيرة في قره باغ خلال عام",
        published_on=date(2021, 11, 26),
        date_source="dateline",
        date_confidence="high",
        source_slug="urdupoint",
        source_name="أردو بوينت",
        actors=frozenset(
            {
                "vladimir-putin", "nagorno-karabakh", "russia", "armenia", "azerbaijan", "ilham-aliyev",
                "nikol-pashinyan", "european-council", "charles-michel", "brussels", "turkey",
            }
        ),
        body_starts="أعلن الرئيس الروسي، فلاديمير بوتين، اليوم الجمعة",
        body_ends="وسط اتهامات متبادلة بخرق وقف إطلاق النار.",
        not_in_body=("(تستمر)", "أفكارك وتعليقاتك", "أردو بوینت", "بوتين: لم تجر عمليات"),
    ),
    SeedExpectation(
        filename="004_0b453c8b0ae0108c.txt",
        title="استمرار المعارك بقره باغ وأرمينيا ترفض وساطة روسية للحوار",
        # 14 صفر 1442هـ is 1 October 2020 in the Umm al-Qura calendar.
        published_on=date(2020, 10, 1),
        date_source="dateline",
        date_confidence="high",
        source_slug="ansarollah",
        source_name="موقع أنصار الله",
        actors=frozenset(
            {
                "nagorno-karabakh", "armenia", "russia", "azerbaijan", "fuzuli", "jabrayil", "tartar",
                "vladimir-putin", "france", "emmanuel-macron", "kremlin", "osce-minsk-group", "united-states",
                "nikol-pashinyan", "csto", "ilham-aliyev", "european-council", "charles-michel", "osce",
            }
        ),
        body_starts="تواصلت لليوم الخامس على التوالي، المعارك في إقليم ناغورني قره باغ",
        body_ends="تبادل الجانبان الاتهامات بانتهاك القوانين الدولية، ومهاجمة أهداف مدنية.",
        not_in_body=("موقع أنصار الله", "1442", "المصدر: وكالات", "قد يعجبك ايضا"),
    ),
]
def assert_saved_as_expected(article, seed: SeedExpectation) -> None:
    """Check a saved Article against what the archivist expects of its seed."""
    assert article.title == seed.title
    assert article.published_on == seed.published_on
    assert article.date_confidence == seed.date_confidence
    assert (article.source.slug if article.source else None) == seed.source_slug
    assert article.body.startswith(seed.body_starts)
    assert article.body.endswith(seed.body_ends)
    for boilerplate in seed.not_in_body:
        assert boilerplate not in article.body
    assert set(article.mentions.values_list("actor__slug", flat=True)) == seed.actors
