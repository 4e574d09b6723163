"""`manage.py bootstrap_archive`: load sources, the gazetteer and the seed articles; build the index.

Idempotent: run it again and it adds only what is missing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from archive import services
from archive.importing import default_workers
from archive.search.indexing import index_rebuild, index_rebuild_needed


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
        # An archive from before republished stories has its articles compared once.
        services.stories_find()
        if reindex or index_rebuild_needed():
            indexed = index_rebuild(procs=default_workers())
            state = f"Index: {indexed} articles (re)indexed."
        else:
            differences = services.index_repair(procs=default_workers())
            repaired = sum(len(ids) for ids in differences.values())
            state = f"Index: {repaired} articles (re)indexed ({_described(differences)})."
        self.stdout.write(
            f"Sources: {sources}. Actors: {actors}. Seed articles: {seeds.created} added, {seeds.present} already present. "
            + state
        )


def _described(differences: dict[str, set[int]]) -> str:
    return ", ".join(f"{len(ids)} {name}" for name, ids in differences.items())
