"""`manage.py make_seed_fixture SEED_DIR`: write fixtures/seed_articles.json from the raw seeds.

For maintainers: after a parser change, regenerate, read the diff as an archivist would,
and commit it. The tests check that the fixture and the parser agree.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive import selectors, services


class Command(BaseCommand):
    help = "Parse the raw seed articles and write their reviewed form to fixtures/seed_articles.json."

    def add_arguments(self, parser):
        parser.add_argument("seed_dir", help="The folder of raw seeds (../shared/seeds).")

    def handle(self, *args, seed_dir, **options):
        files = sorted(Path(seed_dir).glob("*.txt"))
        if not files:
            raise CommandError(f"{seed_dir}: no .txt seeds.")
        parser = selectors.parser_from_database()
        articles = []
        for path in files:
            data = path.read_bytes()
            parsed = services.upload_parse(data=data, filename=path.name, parser=parser)
            articles.append(
                {
                    "original_filename": path.name,
                    "original_encoding": parsed.original_encoding,
                    "checksum": parsed.checksum,
                    "title": parsed.title,
                    "body": parsed.body,
                    "published_on": parsed.publication.value.isoformat() if parsed.publication.value else None,
                    "date_source": parsed.publication.source.value,
                    "date_confidence": parsed.publication.confidence.value,
                    "date_note": parsed.publication.note,
                    "source": parsed.source_slug,
                    "url": parsed.url,
                    "original_text": data.decode(parsed.original_encoding),
                }
            )
        target = settings.BASE_DIR / "fixtures" / "seed_articles.json"
        target.write_text(json.dumps({"articles": articles}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(articles)} articles to {target}.")
