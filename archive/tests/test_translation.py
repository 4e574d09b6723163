"""Arabic everywhere: every message translated, the compiled catalogue in step with its
source, Arabic plural forms, and no English left on the pages a reader sees."""

import ast
import gettext
import re
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from django.views import defaults

from archive.models import Article

PO = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def _po_entries() -> list[dict]:
    """The entries of the .po file as {msgid, msgid_plural?, msgstr or msgstr[n], flags}."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": ""}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        if entry.get("msgid"):
            # A .po string is written with C escapes, as a Python string literal is.
            entries.append({k: v if k == "flags" else ast.literal_eval(f'"{v}"') for k, v in entry.items()})
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = _po_entries()
    assert len(entries) > 250
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert translations and all(translations), entry["msgid"]
        assert len(translations) == (6 if "msgid_plural" in entry else 1), entry["msgid"]


def test_the_compiled_catalogue_matches_its_source():
    """`make messages` compiles django.po; a .mo left behind would show stale text."""
    catalogue = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    for entry in _po_entries():
        if "msgid_plural" in entry:
            assert catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 5) == entry["msgstr[3]"], entry["msgid"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.mark.parametrize(
    "count, expected",
    [(0, "لا نتائج"), (1, "نتيجة واحدة"), (2, "نتيجتان"), (3, "3 نتائج"), (10, "10 نتائج"), (11, "11 نتيجة"), (99, "99 نتيجة"), (100, "100 نتيجة"), (103, "103 نتائج")],
)
def test_counts_take_the_six_arabic_plural_forms(count, expected):
    with translation.override("ar"):
        assert ngettext("%(shown)s result", "%(shown)s results", count) % {"shown": count} == expected


def _visible_english(html: str) -> list[str]:
    """Latin words a reader sees, leaving out names and data: elements marked English or
    left-to-right, isolated (bdi), the signed-in user's name, and the query language's OR."""
    tree = lxml.html.fromstring(html)
    for element in tree.xpath("//script|//style|//*[@lang='en']|//*[@dir='ltr']|//bdi|//head|//mark|//*[@id='user-tools']/strong"):
        element.drop_tree()
    text = " ".join(tree.xpath("//body//text()"))
    # Addresses, file names and words quoted from a page («29th, September 2023») are data.
    text = re.sub(r"https?://\S+|\S*\.(?:txt|html?|pdf)\b|«[^»]*»", " ", text)
    return [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in {"OR", "CSV", "OSCE"}]


@pytest.mark.django_db
def test_no_english_is_left_on_the_public_pages(client, seed_archive):
    article = Article.objects.get(original_filename="004_0b453c8b0ae0108c.txt")
    pages = [
        reverse("archive:home"),
        reverse("archive:article-list"),
        reverse("archive:search") + "?q=روسيا&actor=russia&from=2020-01-01",
        reverse("archive:search") + "?q=صوارخ",
        reverse("archive:search") + '?q="حفظ',
        article.get_absolute_url() + "?q=روسيا&rank=1",
        reverse("archive:article-original", args=[article.pk]),
        reverse("archive:actor-directory"),
        reverse("archive:actor-detail", args=["sergey-lavrov"]),
        reverse("archive:source-directory"),
        reverse("archive:source-detail", args=["ansarollah"]),
        "/no-such-page/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert _visible_english(html) == [], url


@pytest.mark.django_db
def test_no_english_is_left_on_the_admin_pages_an_editor_uses(admin_client, seed_archive):
    article = Article.objects.get(original_filename="004_0b453c8b0ae0108c.txt")
    pages = [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_article_upload"),
        reverse("admin:archive_actor_changelist"),
        reverse("admin:archive_source_changelist"),
        reverse("admin:archive_boilerplatemarker_add"),
    ]
    # Names are data: outlets and actors keep their English names beside the Arabic ones.
    from archive.models import Actor, Source

    names = " ".join(
        [
            *Source.objects.values_list("name_en", flat=True),
            *Source.objects.values_list("slug", flat=True),
            *Actor.objects.values_list("name_en", flat=True),
            *Actor.objects.values_list("slug", flat=True),
        ]
    )
    data = set(re.findall(r"[A-Za-z]{2,}", names)) | {"SHA", "URL", "ISO", "JSON", "LD", "HTML", "UTF", "Windows", "MB", "Wikidata"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .seeds import SEEDS

    review = admin_client.post(
        reverse("admin:archive_article_upload"),
        {"files": [SimpleUploadedFile(seed.filename, seed.raw()) for seed in SEEDS], "pasted_text": "", "pasted_name": ""},
    ).content.decode()
    assert "حقوق صورة" in review or "تعليق صورة مكرر" in review  # removed lines' reasons, translated
    for url, html in [(url, admin_client.get(url).content.decode()) for url in pages] + [("review", review)]:
        # Read-only values (the original's file name, its checksum) are data too.
        shown = re.sub(r'<div class="readonly">.*?</div>', "", html, flags=re.S)
        english = [word for word in _visible_english(shown) if word not in data]
        assert english == [], (url, sorted(set(english)))


def test_the_error_pages_are_arabic_and_in_the_sites_layout(rf: RequestFactory):
    request = rf.get("/somewhere/")
    for response, heading in (
        (defaults.server_error(request), "حدث خطأ في الخادم"),
        (defaults.permission_denied(request, PermissionError()), "لا يُسمح لك برؤية هذه الصفحة"),
    ):
        page = response.content.decode()
        assert heading in page and 'dir="rtl"' in page and "archive/style" in page
