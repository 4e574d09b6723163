"""`manage.py import_articles PATH...`: import articles from files and folders."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import selectors, services
from archive.importing import collect_files, count_items, default_workers, import_items, iter_items
from archive.search.indexing import drain_queue


class Command(BaseCommand):
    help = (
        "Import articles from .txt and .html files, .jsonl files (title, body, date, source, url a line), "
        "JSON arrays and SaudiNewsNet zips; folders are searched recursively."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bars.")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Processes that parse and index (default: one per core; 1 parses in this process).",
        )
        parser.add_argument("--show-failures", type=int, default=20, help="How many failures to list (default 20).")

    def handle(self, *args, paths, **options):
        files, refused = collect_files(paths)
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        report = services.ImportReport(failed=list(refused))
        total = count_items(files)
        quiet, workers = options["no_progress"], options["workers"]
        started = time.perf_counter()
        with tqdm(total=total, unit="article", desc="parse and save", disable=quiet, file=sys.stderr) as bar:
            import_items(
                iter_items(files), parser=selectors.parser_from_database(), report=report, workers=workers, progress=bar.update
            )
        saved = time.perf_counter()
        with tqdm(total=len(report.imported), unit="article", desc="index", disable=quiet, file=sys.stderr) as bar:
            # The imported articles were queued as they were saved; the new ones go in in bulk.
            drain_queue(fresh_ids=report.imported, procs=workers, progress=bar.update)
        indexed = time.perf_counter()
        self.stdout.write(
            f"Imported {len(report.imported)}; duplicates {report.duplicates} "
            f"({len(report.duplicate_checksum)} same file, {len(report.duplicate_body)} same text); "
            f"failed {len(report.failed)}."
        )
        self.stdout.write(f"Parsed and saved in {saved - started:.1f} s; indexed in {indexed - saved:.1f} s.")
        for label, reason in report.failed[: options["show_failures"]]:
            self.stdout.write(f"  failed: {label}: {reason}")
        if len(report.failed) > options["show_failures"]:
            self.stdout.write(f"  … and {len(report.failed) - options['show_failures']} more failures.")
