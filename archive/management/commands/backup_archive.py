"""`manage.py backup_archive FILE`: a consistent backup of the archive while it runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write the records, admin accounts, original uploads and secret key to FILE (.tar.gz), as of one moment."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            manifest = backup_write(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"Backed up {counts['archive.article']} articles, {counts['archive.source']} sources, "
            f"{counts['archive.actor']} actors, {len(manifest['originals'])} original files to {file}; "
            f"{manifest['removed_after']} files of articles deleted meanwhile removed after it."
        )
