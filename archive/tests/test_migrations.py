"""Migrations that change data keep every article."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_copies_of_one_text_survive_the_unique_fingerprint_constraint():
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0002_source_domains_country")])
    Article = executor.loader.project_state([("archive", "0002_source_domains_country")]).apps.get_model("archive", "Article")
    fingerprint = "a" * 64
    for number in range(3):
        Article.objects.create(
            title="روسيا: سنقرر مع أذربيجان مستقبل مهمة حفظ السلام",
            body="أكدت روسيا، اليوم الجمعة، أنها ستقرر مع أذربيجان مستقبل مهمة حفظ السلام.",
            original_text="نص",
            checksum=f"{number}" * 64,
            body_fingerprint=fingerprint,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from archive.models import Article as Current

    fingerprints = list(Current.objects.order_by("pk").values_list("body_fingerprint", flat=True))
    assert len(fingerprints) == 3 and len(set(fingerprints)) == 3
    assert fingerprints[0] == fingerprint  # the first copy keeps the text's own fingerprint


@pytest.mark.django_db(transaction=True)
def test_bodies_saved_with_a_browsers_line_ends_get_their_paragraphs_back():
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0005_translated_labels")])
    Article = executor.loader.project_state([("archive", "0005_translated_labels")]).apps.get_model("archive", "Article")
    saved, untouched = (
        Article.objects.create(title=title, body=body, original_text=original, checksum=mark * 64, body_fingerprint=mark * 64)
        for title, body, original, mark in (
            (
                "روسيا: سنقرر مع أذربيجان مستقبل مهمة حفظ السلام",
                "أكدت روسيا أنها ستقرر مع أذربيجان مستقبل المهمة.\r\n\r\nوقال المتحدث إن القرار مشترك.",
                "نص",
                "c",
            ),
            ("بوتين: لم تجر عمليات عسكرية كبيرة", "قال بوتين إن الوضع هادئ.\n\nوأضاف أن الاتفاق صامد.", "نص\r\n", "d"),
        )
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from archive.models import Article as Current
    from archive.models import IndexChange

    assert Current.objects.get(pk=saved.pk).body.split("\n\n") == [
        "أكدت روسيا أنها ستقرر مع أذربيجان مستقبل المهمة.",
        "وقال المتحدث إن القرار مشترك.",
    ]
    # The index follows the changed article; the original upload stays as it was received.
    assert list(IndexChange.objects.values_list("article_id", flat=True)) == [saved.pk]
    assert Current.objects.get(pk=untouched.pk).original_text == "نص\r\n"
    assert Current.objects.get(pk=saved.pk).version == 2
