"""`manage.py run_indexer`: keep the search index following the database's index queue.

`make run` starts it beside gunicorn. It drains the queue (`IndexChange`) whenever rows are
waiting, and removes the files of deleted articles that waited for a backup to end; killed at any point, it leaves unfollowed rows in place, and the next indexer (or a
request, or `check_index`) follows them.
"""

import signal
import time

from django.core.management.base import BaseCommand

from archive.models import IndexChange
from archive.search.indexing import drain_queue
from archive.services import originals_sweep

# How often an idle indexer looks at the queue, in seconds.
POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Follow the index queue until stopped (SIGTERM or Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain the queue once and stop.")

    def handle(self, *args, once=False, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while True:
            followed = drain_queue() if IndexChange.objects.exists() else 0
            # Deleted articles' files whose removal waited for a backup.
            originals_sweep()
            if followed:
                self.stdout.write(f"Index: followed {followed} articles.")
            if once or stopping:
                return
            try:
                time.sleep(POLL_SECONDS)
            except KeyboardInterrupt:
                return
