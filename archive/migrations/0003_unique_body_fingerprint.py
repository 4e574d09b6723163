"""One article per text: a unique constraint on the body fingerprint.

Archives made before it may hold the same text twice (two saves that checked at the same
moment). Every article is kept: the fingerprints of the later copies are made distinct, so
the constraint can be added, and the copies stay findable for an admin to merge.
"""

import hashlib

from django.db import migrations, models


def distinguish_copies(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    seen = set()
    for pk, fingerprint in Article.objects.order_by("pk").values_list("pk", "body_fingerprint"):
        if fingerprint in seen:
            distinct = hashlib.sha256(f"{fingerprint}:copy:{pk}".encode()).hexdigest()
            Article.objects.filter(pk=pk).update(body_fingerprint=distinct)
        seen.add(fingerprint)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_source_domains_country"),
    ]

    operations = [
        migrations.RunPython(distinguish_copies, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="body_fingerprint",
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(fields=("body_fingerprint",), name="unique_body_fingerprint"),
        ),
    ]
