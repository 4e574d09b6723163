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
