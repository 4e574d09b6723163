"""A haystack Whoosh backend for Arabic text whose writes are never lost, with a lean schema.

haystack's Whoosh backend writes through `AsyncWriter` for updates but deletes with
`delete_by_query`, which raises `LockError` at once while another process holds Whoosh's
lock, and with SILENTLY_FAIL only logs it: a deleted article then stays findable. Several
gunicorn workers and management commands write to one index, so every write here first
takes an exclusive lock on a file beside the index (held across processes by the kernel)
and only then opens a Whoosh writer. Writers queue instead of failing.

haystack's schema stores every text field and keeps it as a sortable column too (the whole
body, twice more), and indexes integers without a column. Here a field is stored only when
its index field says `stored=True`, the document's text gets positions (for phrases), the
written forms (`surface`) only frequencies, neither a column;
integers get a column (for the date order read by `archive.search.table`).
"""

import ctypes
import fcntl
import multiprocessing
import multiprocessing.util
import os
import signal
import time
from contextlib import contextmanager, nullcontext

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import KEYWORD, NUMERIC, TEXT
from haystack.constants import ID
from haystack.utils import get_identifier

# Memory each Whoosh writer process may fill with postings before it sorts them to disk in
# runs it must merge again: at 256 MB, rebuilding the 30k-article index took 116 s, at 1 GB
# 76 s. The memory is only taken when that many postings come at once.
WRITER_MEMORY_MB = 1024
# Documents handed to an analysing process at a time (Whoosh's default).
WRITER_BATCH = 100
# How long a writer waits for Whoosh's own lock once it holds ours (only an outside
# tool could hold it then).
WHOOSH_LOCK_TIMEOUT = 60.0


class ArabicWhooshSearchBackend(WhooshSearchBackend):
    """Whoosh backend with serialised writes; the analyzers come from the index fields."""

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            built = schema[name]
            if isinstance(built, TEXT):
                lean = TEXT(
                    analyzer=built.analyzer,
                    # Phrases are read in the document field; the others rank single words.
                    phrase=field_class.document,
                    stored=field_class.stored,
                    field_boost=field_class.boost,
                    # The word list behind "did you mean" when a word matches nothing.
                    spelling=field_class.document,
                )
            elif isinstance(built, KEYWORD):
                lean = KEYWORD(commas=True, stored=field_class.stored, field_boost=field_class.boost)
            elif field_class.field_type == "integer":
                lean = NUMERIC(numtype=int, bits=64, sortable=True, stored=field_class.stored)
            else:
                continue
            schema.remove(name)
            schema.add(name, lean)
        return content_field_name, schema

    @contextmanager
    def write_lock(self, wait: float | None = None):
        """Hold the index's cross-process write lock; yield whether it is held. With `wait`,
        give up after that many seconds (0: only if it is free now) instead of queueing."""
        lock_path = f"{os.path.normpath(self.path)}.write-lock"
        os.makedirs(os.path.dirname(lock_path) or ".", exist_ok=True)
        with open(lock_path, "a+") as handle:
            if not _lock(handle, wait):
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def apply(self, index, objects, removed_ids) -> None:
        """In one writer, put `objects` in the index as they are (replacing what it holds of
        them) and take out the articles of `removed_ids`. The caller holds `write_lock`."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(limitmb=WRITER_MEMORY_MB, timeout=WHOOSH_LOCK_TIMEOUT)
        try:
            for obj in objects:
                writer.update_document(**self.document(index, obj))
            for article_id in removed_ids:
                writer.delete_by_term(ID, f"archive.article.{article_id}")
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def stored_ids(self) -> set[int]:
        """The ids of the articles the index holds."""
        return set(self.stored_versions())

    def stored_versions(self) -> dict[int, int]:
        """Each indexed article's id and the version the index holds of it."""
        if not self.setup_complete:
            self.setup()
        index = self.index.refresh()
        with index.searcher() as searcher:
            return {
                int(fields["django_id"]): int(fields.get("version", 0))
                for fields in searcher.all_stored_fields()
                if fields.get("django_ct") == "archive.article"
            }

    def update(self, index, iterable, commit=True):
        with self.write_lock():
            super().update(index, iterable, commit=commit)

    def add_new(self, index, objects, procs: int = 1, locked: bool = False) -> int:
        """Add objects that are not in the index yet, in one writer; return how many.

        Faster than `update` for bulk work: nothing is looked up to be replaced, and with
        `procs` > 1 the analysis runs in that many processes, each writing its own segment.
        With `locked`, the caller already holds `write_lock`.
        """
        if not self.setup_complete:
            self.setup()
        added = 0
        with nullcontext(True) if locked else self.write_lock():
            self.index = self.index.refresh()
            options = {"limitmb": WRITER_MEMORY_MB, "timeout": WHOOSH_LOCK_TIMEOUT}
            if procs > 1:
                options.update(procs=procs, multisegment=True, batchsize=WRITER_BATCH)
                # The analysing processes inherit the index's locks: they must not outlive us.
                multiprocessing.util.register_after_fork(_CHILDREN, _die_with_parent)
            writer = self.index.writer(**options)
            try:
                for obj in objects:
                    writer.add_document(**self.document(index, obj))
                    added += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        return added

    def document(self, index, obj) -> dict:
        """The fields Whoosh stores for `obj`, prepared as haystack's `update` prepares them."""
        doc = {key: self._from_python(value) for key, value in index.full_prepare(obj).items()}
        # Document boosts do not exist in Whoosh 2.5+.
        doc.pop("boost", None)
        return doc

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


class _Children:
    """What `multiprocessing` calls back in each forked analysing process (it keeps a weak reference)."""


_CHILDREN = _Children()
PR_SET_PDEATHSIG = 1


def _die_with_parent(_children) -> None:
    """In a forked analysing process: be killed when the process that forked it dies (even by
    kill -9), instead of living on with the index's locks and blocking every later writer."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: nothing to arm
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the signal was armed


def _lock(handle, wait: float | None) -> bool:
    """Take an exclusive lock on `handle`, waiting as long as it takes or at most `wait` seconds."""
    if wait is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return True
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)


class ArabicWhooshEngine(WhooshEngine):
    """The haystack engine to name in HAYSTACK_CONNECTIONS for the embedded index."""

    backend = ArabicWhooshSearchBackend
