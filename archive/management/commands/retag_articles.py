"""`manage.py retag_articles`: recompute every article's actors with the current gazetteer."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive import services
from archive.models import Article


class Command(BaseCommand):
    help = "Re-tag every article from its text with the current gazetteer (manual tags are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, **options):
        with tqdm(total=Article.objects.count(), unit="article", disable=options["no_progress"], file=sys.stderr) as bar:
            changed = services.articles_retag(progress=bar.update)
        self.stdout.write(f"Re-tagged {Article.objects.count()} articles; {changed} had different actors.")
