"""`manage.py parse_article FILE [--json]`: show what the archive reads from a file, saving nothing."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive import selectors, services
from archive.models import Actor


class Command(BaseCommand):
    help = "Parse a raw article (.txt as scraped or saved .html) and print the result without saving it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to parse.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a readable summary.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            parsed = services.upload_parse(data=path.read_bytes(), filename=path.name, parser=selectors.parser_from_database())
        except ValidationError as error:
            raise CommandError(f"{path.name}: " + "; ".join(error.messages)) from error
        actors = {actor.slug: actor for actor in Actor.objects.filter(slug__in=parsed.actors)}
        result = {
            "title": parsed.title,
            "published_on": parsed.publication.value.isoformat() if parsed.publication.value else None,
            "date_source": parsed.publication.source.value,
            "date_confidence": parsed.publication.confidence.value,
            "date_note": parsed.publication.note,
            "source": parsed.source_name,
            "actors": [
                {
                    "slug": slug,
                    "name": actors[slug].name,
                    "name_en": actors[slug].name_en,
                    "kind": actors[slug].kind,
                    "count": count,
                }
                for slug, count in parsed.actors.most_common()
                if slug in actors
            ],
            "body": parsed.body,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Title:  {result['title']}")
        self.stdout.write(
            f"Date:   {result['published_on'] or 'unknown'} ({result['date_confidence']}, from {result['date_source']})"
        )
        self.stdout.write(f"        {result['date_note']}")
        self.stdout.write(f"Source: {result['source'] or 'not named'}")
        self.stdout.write("Actors: " + ", ".join(f"{a['name_en']} ×{a['count']}" for a in result["actors"]))
        for line in parsed.removed:
            self.stdout.write(f"Removed ({line.reason}): {line.text}")
        self.stdout.write("")
        self.stdout.write(result["body"])
