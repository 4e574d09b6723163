"""`manage.py check_index`: compare the search index with the database and repair it."""

from django.core.management.base import BaseCommand

from archive import services
from archive.importing import default_workers


class Command(BaseCommand):
    help = (
        "Compare the search index with the database by article ids and versions; queue and follow "
        "every difference without taking search down."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report the differences, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        differences = services.index_repair(procs=default_workers(), dry_run=dry_run)
        found = sum(len(ids) for ids in differences.values())
        details = ", ".join(f"{len(ids)} {name}" for name, ids in differences.items())
        if not found:
            self.stdout.write("The index holds every article at its current version.")
        elif dry_run:
            self.stdout.write(f"The index differs from the database: {details}. Nothing was changed (--dry-run).")
        else:
            self.stdout.write(f"Repaired: {details}.")
