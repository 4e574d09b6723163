"""Deleted articles' files are removed by a sweep (OriginalRemoval); stored titles and bodies
get the line ends every path now saves (an admin's text box sent \\r\\n, which hid paragraphs)."""

from django.db import migrations, models
from django.db.models import F


def unify_line_ends(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    IndexChange = apps.get_model("archive", "IndexChange")
    changed = []
    carriage_returns = models.Q(body__contains="\r") | models.Q(title__contains="\r")
    for article in Article.objects.filter(carriage_returns).only("pk", "title", "body").iterator():
        article.title = article.title.replace("\r\n", "\n").replace("\r", "\n")
        article.body = article.body.replace("\r\n", "\n").replace("\r", "\n")
        article.save(update_fields=["title", "body"])
        changed.append(article.pk)
    # The index keeps the stored text for snippets: it follows the change, as after any edit.
    Article.objects.filter(pk__in=changed).update(version=F("version") + 1)
    IndexChange.objects.bulk_create(IndexChange(article_id=pk) for pk in changed)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_translated_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="OriginalRemoval",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300)),
                ("queued_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name": "original removal", "ordering": ["id"]},
        ),
        migrations.RunPython(unify_line_ends, migrations.RunPython.noop),
    ]
