"""`manage.py find_stories`: group the archive's articles into republished stories."""

from django.core.management.base import BaseCommand

from archive import services
from archive.search.indexing import drain_queue


class Command(BaseCommand):
    help = (
        "Place the articles that were never compared (an archive from before republished stories) in their "
        "stories; with --all, find every story afresh. The search index follows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Forget the stories found and find them all again.")

    def handle(self, *args, all=False, **options):
        changed = services.stories_find(everything=all)
        drain_queue()
        self.stdout.write(f"Articles placed in another story: {changed}.")
