"""A haystack Whoosh backend for Arabic text whose writes are never lost.

haystack's Whoosh backend writes through `AsyncWriter` for updates but deletes with
`delete_by_query`, which raises `LockError` at once while another process holds Whoosh's
lock, and with SILENTLY_FAIL only logs it: a deleted article then stays findable. Several
gunicorn workers and management commands write to one index, so every write here first
takes an exclusive lock on a file beside the index (held across processes by the kernel)
and only then opens a Whoosh writer. Writers queue instead of failing.
"""

import fcntl
import os
from contextlib import contextmanager

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import ID
from haystack.utils import get_identifier

# How long a writer waits for Whoosh's own lock once it holds ours (only an outside
# tool could hold it then).
WHOOSH_LOCK_TIMEOUT = 60.0


class ArabicWhooshSearchBackend(WhooshSearchBackend):
    """Whoosh backend with serialised writes; the analyzers come from the index fields."""

    @contextmanager
    def write_lock(self):
        """Hold the index's cross-process write lock."""
        lock_path = f"{os.path.normpath(self.path)}.write-lock"
        os.makedirs(os.path.dirname(lock_path) or ".", exist_ok=True)
        with open(lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def update(self, index, iterable, commit=True):
        with self.write_lock():
            super().update(index, iterable, commit=commit)

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        with self.write_lock():
            self.index = self.index.refresh()
            writer = self.index.writer(timeout=WHOOSH_LOCK_TIMEOUT)
            try:
                writer.delete_by_term(ID, get_identifier(obj_or_string))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def clear(self, models=None, commit=True):
        with self.write_lock():
            super().clear(models=models, commit=commit)


class ArabicWhooshEngine(WhooshEngine):
    """The haystack engine to name in HAYSTACK_CONNECTIONS for the embedded index."""

    backend = ArabicWhooshSearchBackend
