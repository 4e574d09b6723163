"""`manage.py bootstrap_archive`: load sources, the gazetteer and the seed articles; build the index.

Idempotent: run it again and it adds only what is missing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from archive import services
from archive.importing import default_workers
from archive.search.indexing import index_sync


class Command(BaseCommand):
    help = "Load the sources, the actor gazetteer and the five seed articles from fixtures/, and build the index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reindex", action="store_true", help="Rebuild the whole index from the database, using every core."
        )

    def handle(self, *args, reindex=False, **options):
        fixtures = settings.BASE_DIR / "fixtures"
        sources = services.sources_load(path=fixtures / "sources.json")
        actors = services.gazetteer_load(path=fixtures / "gazetteer.json")
        seeds = services.seed_articles_load(path=fixtures / "seed_articles.json")
        indexed = index_sync(procs=default_workers(), force=reindex)
        self.stdout.write(
            f"Sources: {sources}. Actors: {actors}. Seed articles: {seeds.created} added, {seeds.present} already present. "
            f"Index: {indexed} articles (re)indexed."
        )
