"""`manage.py restore_archive FILE`: restore a backup into an empty data folder and rebuild the index."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, backup_restore
from archive.importing import default_workers
from archive.search.indexing import index_rebuild


class Command(BaseCommand):
    help = "Restore FILE (made by backup_archive) into this empty archive, then build its search index."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.exists():
            raise CommandError(f"No backup at {file}.")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = backup_restore(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        indexed = index_rebuild(procs=default_workers())
        self.stdout.write(
            f"Restored {manifest['counts']['archive.article']} articles from the backup of {manifest['created']}; "
            f"indexed {indexed}."
        )
