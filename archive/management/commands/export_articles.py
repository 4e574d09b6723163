"""`manage.py export_articles`: the whole archive, or a search's results, as CSV,
spreadsheet-safe CSV or JSON Lines, streamed, with no cap."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive.exports import FORMATS, export_chunks
from archive.searching import search_run
from archive.selectors import article_ids_found, article_ids_newest_first, articles_by_ids

# The search page's parameters, as options of the same names.
SEARCH_OPTIONS = ("q", "actor", "source", "from", "to", "sort", "collapse")


class Command(BaseCommand):
    help = (
        "Write articles out as CSV, spreadsheet-safe CSV (excel-csv) or JSON Lines, a chunk at a time: "
        "the whole archive as the database holds it, newest first, or with search options the results "
        "of that search as the search page finds them. No cap."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=list(FORMATS), default="csv", help="csv (exact values), excel-csv or jsonl")
        parser.add_argument("--output", "-o", help="the file to write (default: standard output)")
        parser.add_argument(
            "--base-url", default="", help="the site's address (https://archive.example.org), for absolute article links"
        )
        parser.add_argument("--q", help="search words, as typed in the search box")
        parser.add_argument("--actor", action="append", default=[], help="an actor's slug (repeatable: articles naming all)")
        parser.add_argument("--source", help="a source's slug")
        parser.add_argument("--from", dest="from", help="first publication date, YYYY-MM-DD")
        parser.add_argument("--to", help="last publication date, YYYY-MM-DD")
        parser.add_argument("--sort", help="relevance, newest or oldest")
        parser.add_argument("--collapse", action="store_const", const="1", help="one article per republished story")

    def handle(self, *args, **options):
        started = time.perf_counter()
        params = QueryDict(mutable=True)
        for name in SEARCH_OPTIONS:
            value = options[name]
            if value:
                params.setlist(name, value if isinstance(value, list) else [value])
        if params:
            outcome = search_run(params, lambda search: article_ids_found(request=search))
            if outcome.error:
                raise CommandError(outcome.error.text)
            ids = outcome.found.ids
        else:
            ids = article_ids_newest_first()
        base = options["base_url"].rstrip("/")
        written = 0

        def counted(articles):
            nonlocal written
            for article in articles:
                written += 1
                yield article

        chunks = export_chunks(counted(articles_by_ids(ids=ids)), FORMATS[options["format"]], lambda a: base + a.get_absolute_url())
        if options["output"]:
            with open(options["output"], "wb") as output:
                for chunk in chunks:
                    output.write(chunk)
        else:
            for chunk in chunks:
                self.stdout.write(chunk.decode("utf-8"), ending="")
            self.stdout.flush()
        seconds = time.perf_counter() - started
        where = options["output"] or "standard output"
        # On standard error, so that standard output holds the export alone.
        self.stderr.write(f"Exported {written} articles as {options['format']} to {where} in {seconds:.1f} s.", style_func=str)
