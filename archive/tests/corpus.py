"""Days of the SaudiNewsNet corpus (../shared/corpora/saudinewsnet), imported as an
administrator imports them, for the tests that read real articles at some scale."""

import json
import zipfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from .seeds import SEEDS_DIR

CORPUS = SEEDS_DIR.parent / "corpora" / "saudinewsnet"


def import_corpus_day(folder: Path, day: str, keep: Callable[[list[dict]], list[dict]]) -> list[dict]:
    """Import the records `keep` chooses among one corpus day's, in the corpus's own zip
    format, through `import_articles`; return them."""
    with zipfile.ZipFile(CORPUS / f"{day}.zip") as archive:
        records = keep(json.loads(archive.read(f"{day}.json")))
    sample = folder / f"{day}.zip"
    with zipfile.ZipFile(sample, "w") as handle:
        handle.writestr(f"{day}.json", json.dumps(records, ensure_ascii=False))
    call_command("import_articles", str(sample), "--no-progress", stdout=StringIO())
    return records
