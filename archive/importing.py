"""Bulk import of articles from files and folders, for `manage.py import_articles`.

Takes plain-text and HTML files as scraped, `.jsonl` files (one article a line: title, body,
date, source, url), JSON arrays of such records, and the SaudiNewsNet corpus format (zips of
JSON arrays with source, url, date_extracted, title, author, content).

Articles are parsed by a pool of worker processes (parsing is pure Python), saved in
batches by `services.articles_import` while the workers parse the next batch; the command
then indexes them in one writer with as many analysing processes. A bad article is
reported and skipped without touching the others.
"""

import json
import multiprocessing
import os
import zipfile
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from django.core.exceptions import ValidationError
from django.db import connections

from . import services
from .ingest import ArticleRecord, ParsedArticle, Parser
from .text.decode import UnreadableInput

FILE_SUFFIXES = {".txt", ".text", ".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".json", ".zip"}
# Articles parsed, then saved in one transaction, at a time.
SAVE_BATCH = 500
# Articles a worker parses per task: large enough that passing them costs little.
PARSE_CHUNK = 25
# Where the body and the date stand in our records and in the SaudiNewsNet corpus's, whose
# date is the time its crawler saw the page.
RECORD_FIELDS = ("body", "date")
CORPUS_FIELDS = ("content", "date_extracted")


@dataclass
class ImportItem:
    """One article to import: a whole file's bytes, or one record with its original text."""

    label: str
    data: bytes | None = None
    record: ArticleRecord | None = None
    original: str = ""
    problem: str = ""


def collect_files(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The importable files under `paths` (folders searched recursively), and paths refused."""
    files, refused = [], []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES | RECORD_SUFFIXES))
        elif path.is_file():
            if path.suffix.lower() in FILE_SUFFIXES | RECORD_SUFFIXES:
                files.append(path)
            else:
                refused.append((str(path), f"files of type “{path.suffix or 'none'}” are not imported"))
        else:
            refused.append((str(path), "no such file or folder"))
    return files, refused


def count_items(files: list[Path]) -> int:
    """How many articles the files hold, for the progress bar (records are counted, not parsed)."""
    total = 0
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        elif suffix in {".json", ".zip"}:
            total += sum(len(records) for _, records in _json_arrays(path, quiet=True))
        else:
            total += 1
    return total


def iter_items(files: list[Path]) -> Iterator[ImportItem]:
    """Yield the articles the files hold, one item each; unreadable parts come as problems."""
    for path in files:
        suffix = path.suffix.lower()
        if suffix in FILE_SUFFIXES:
            yield ImportItem(label=str(path), data=path.read_bytes())
        elif suffix == ".jsonl":
            yield from _jsonl_items(path)
        else:
            try:
                for label, records in _json_arrays(path):
                    for number, record in enumerate(records, start=1):
                        yield _record_item(f"{label}#{number}", record, json.dumps(record, ensure_ascii=False))
            except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError, ValueError) as error:
                yield ImportItem(label=str(path), problem=f"not a readable JSON or zip file ({error})")


def _json_arrays(path: Path, quiet: bool = False) -> Iterator[tuple[str, list]]:
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    if name.lower().endswith(".json"):
                        yield f"{path}/{name}", _array(json.loads(archive.read(name).decode("utf-8-sig")))
        else:
            yield str(path), _array(json.loads(path.read_text(encoding="utf-8-sig")))
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError, ValueError):
        if not quiet:
            raise


def _array(value) -> list:
    if not isinstance(value, list):
        raise ValueError("expected a JSON array of articles")
    return value


def _jsonl_items(path: Path) -> Iterator[ImportItem]:
    with path.open(encoding="utf-8-sig", errors="strict") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                label = f"{path}#{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    yield ImportItem(label=label, problem=f"not valid JSON ({error.msg})")
                    continue
                yield _record_item(label, record, line.rstrip("\n"))
        except UnicodeDecodeError:
            yield ImportItem(label=str(path), problem="not UTF-8 text")


def _record_item(label: str, record, original: str) -> ImportItem:
    if not isinstance(record, dict):
        return ImportItem(label=label, problem="a record must be a JSON object")
    corpus = "content" in record
    body_field, date_field = CORPUS_FIELDS if corpus else RECORD_FIELDS
    article = ArticleRecord(
        title=str(record.get("title") or ""),
        body=str(record.get(body_field) or ""),
        date=record.get(date_field) or None,
        source=record.get("source") or None,
        url=str(record.get("url") or ""),
        date_is_crawl_time=corpus,
    )
    if not article.body.strip():
        return ImportItem(label=label, problem="the record has no body")
    return ImportItem(label=label, record=article, original=original)


def default_workers() -> int:
    """As many parsing processes as the machine has cores."""
    return os.cpu_count() or 1


def import_items(
    items: Iterator[ImportItem],
    *,
    parser: Parser,
    report: services.ImportReport,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> services.ImportReport:
    """Parse `items` with `workers` processes and save them in batches; the caller indexes
    `report.imported` (see `archive.search.indexing.index_new_articles`)."""
    batches = _batches(items, SAVE_BATCH)
    if workers <= 1:
        for batch in batches:
            _save(batch, [_parse(item, parser) for item in batch], report, progress)
    else:
        # Workers are forked with the parser already built; they must not share our connection.
        connections.close_all()
        global _worker_parser
        _worker_parser = parser
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                # Save one batch while the workers parse the next.
                pending = None
                for batch in batches:
                    started = (batch, pool.map_async(_parse_in_worker, batch, chunksize=PARSE_CHUNK))
                    if pending:
                        _save(pending[0], pending[1].get(), report, progress)
                    pending = started
                if pending:
                    _save(pending[0], pending[1].get(), report, progress)
        finally:
            _worker_parser = None
    return report


_worker_parser: Parser | None = None


def _parse_in_worker(item: ImportItem) -> ParsedArticle | str:
    return _parse(item, _worker_parser)


def _parse(item: ImportItem, parser: Parser) -> ParsedArticle | str:
    """The parsed article, or why the item is no article."""
    if item.problem:
        return item.problem
    try:
        if item.record is not None:
            return parser.parse_record(item.record, original=item.original, filename=_record_filename(item.label))
        return services.upload_parse(data=item.data, filename=Path(item.label).name, parser=parser)
    except (ValidationError, UnreadableInput) as error:
        return "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _save(batch: list[ImportItem], outcomes: list, report: services.ImportReport, progress) -> None:
    entries = []
    for item, outcome in zip(batch, outcomes):
        if isinstance(outcome, str):
            report.failed.append((item.label, outcome))
        else:
            entries.append(services.ImportEntry(item.label, outcome, raw=item.data))
    services.articles_import(entries=entries, report=report)
    if progress:
        progress(len(batch))


def _batches(items: Iterator[ImportItem], size: int) -> Iterator[list[ImportItem]]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _record_filename(label: str) -> str:
    """A file name for a record's original: its place in the import file, ending in .json."""
    return label.replace("\\", "/").rsplit("/", 1)[-1].replace("#", "-") + ".json"
