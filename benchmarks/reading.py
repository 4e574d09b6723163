"""Reading real pages: titles, dates, sources, boilerplate and body recall, beside trafilatura.

Every page of `../shared/pages` and `archive/tests/pages` comes with an archivist's reading
(`gold.json`). Each input form of a page (the saved HTML, the whole page's text as a scraper
saves it, the article area alone) is read by the archive's parser; the HTML is also read by
plain trafilatura (its own title, date and text, default settings), as an archive without
this reader would. Scored per page and in total:

- title right: the title is one the archivist accepts, word for word once normalised;
- date right, missed (none given) or wrong: a wrong date is the worst outcome;
- source right, none or wrong: the outlet credited, when the page says which it is;
- boilerplate kept: how many of the page's listed non-article strings ended up in the body;
- body recall: how many of the listed article sentences (beginning, middle, end) were kept.

Pages marked `held_out` were not looked at while the reader was built; their figures are
given apart, and they are the ones that say how it reads outlets it has never seen.

    python -m benchmarks.reading --write BENCHMARKS.md
"""

import argparse
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import trafilatura

from archive.ingest import Parser, SourceDirectory, SourceName
from archive.text.actors import Gazetteer, aliases_from_records
from archive.text.decode import UnreadableInput
from archive.text.html import visible_text
from archive.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGES = ROOT.parent / "shared" / "pages"
OWN_PAGES = ROOT / "archive" / "tests" / "pages"
WHOLE_TEXT = "whole-page text (made from the HTML)"


@dataclass
class GoldPage:
    """One page and the archivist's reading of it."""

    id: str
    folder: Path
    gold: dict

    @property
    def held_out(self) -> bool:
        return bool(self.gold.get("held_out"))

    def inputs(self) -> list[tuple[str, str, bytes]]:
        """(form, file name, bytes) of each way the page is given: its files and, for an
        HTML page that has no whole-page text beside it, that text made from the HTML."""
        found = []
        for name in self.gold["files"]:
            data = (self.folder / name).read_bytes()
            form = "HTML" if name.endswith(".html") else "article area" if name.endswith(".article.txt") else "whole-page text"
            found.append((form, name, data))
        has_text = any(form == "whole-page text" for form, _, _ in found)
        for form, name, data in list(found):
            if form == "HTML" and not has_text:
                found.append((WHOLE_TEXT, name.replace(".html", ".txt"), visible_text(data.decode("utf-8", "replace")).encode()))
        return found


@dataclass
class Reading:
    """What one reader made of one input."""

    title: str = ""
    published: date | None = None
    source_slug: str | None = None
    body: str = ""
    actors: set[str] = field(default_factory=set)
    failed: str = ""


@dataclass
class Score:
    """One reader on one input, against the gold reading."""

    page: str
    form: str
    reader: str
    held_out: bool
    title_right: bool
    date: str  # right, missed or wrong
    source: str  # right, none or wrong ("" when the page names no outlet to check)
    kept: int
    boilerplate: int
    found: int
    sentences: int
    wrong_actors: int


def load_pages() -> list[GoldPage]:
    """The pages with a gold reading: the shared ones when `../shared` is there, and ours."""
    pages = []
    for folder in (SHARED_PAGES, OWN_PAGES):
        gold_file = folder / "gold.json"
        if gold_file.exists():
            for gold in json.loads(gold_file.read_text(encoding="utf-8"))["pages"]:
                pages.append(GoldPage(gold["id"], folder, gold))
    return pages


def parser_from_fixtures() -> Parser:
    """A parser with the project's gazetteer and source directory, without a database."""
    fixtures = ROOT / "fixtures"
    actors = json.loads((fixtures / "gazetteer.json").read_text(encoding="utf-8"))["actors"]
    sources = json.loads((fixtures / "sources.json").read_text(encoding="utf-8"))["sources"]
    directory = SourceDirectory(
        [SourceName(s["slug"], s["name"], (s["name_en"], *s["aliases"]), tuple(s.get("domains", ()))) for s in sources]
    )
    return Parser(gazetteer=Gazetteer(aliases_from_records(actors)), sources=directory)


def read_with_archive(parser: Parser, name: str, data: bytes) -> Reading:
    try:
        parsed = parser.parse_upload(data, filename=name)
    except UnreadableInput as error:
        return Reading(failed=str(error))
    return Reading(parsed.title, parsed.publication.value, parsed.source_slug, parsed.body, set(parsed.actors))


def read_with_trafilatura(parser: Parser, data: bytes) -> Reading:
    document = trafilatura.bare_extraction(data.decode("utf-8", "replace"), with_metadata=True)
    if not document or not document.text:
        return Reading(failed="no text")
    published = None
    if document.date:
        try:
            published = date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    body = document.text
    return Reading(document.title or "", published, None, body, set(parser.gazetteer.count((document.title or "") + "\n" + body)))


def expected_source(page: GoldPage, directory: SourceDirectory) -> str | None:
    """The outlet a page must be credited to: its `source_slug`, or the domain in its `outlet`."""
    if page.gold.get("source_slug"):
        return page.gold["source_slug"]
    domain = re.search(r"\(([\w.-]+\.[a-z]{2,})\)", page.gold.get("outlet", ""))
    found = directory.lookup_address(domain.group(1)) if domain else None
    return found.slug if found else None


def score(page: GoldPage, form: str, reader: str, reading: Reading, source: str | None) -> Score:
    gold = page.gold
    body = _comparable(reading.body)
    published = reading.published.isoformat() if reading.published else None
    date_outcome = "right" if published in gold["date_accept"] else "missed" if published is None else "wrong"
    if source is None or reader != "archive":
        source_outcome = ""
    else:
        source_outcome = "right" if reading.source_slug == source else "none" if reading.source_slug is None else "wrong"
    return Score(
        page=page.id,
        form=form,
        reader=reader,
        held_out=page.held_out,
        title_right=_comparable(reading.title) in {_comparable(title) for title in gold["title_accept"]},
        date=date_outcome,
        source=source_outcome,
        kept=sum(_comparable(text) in body for text in gold["must_not"]),
        boilerplate=len(gold["must_not"]),
        found=sum(_comparable(text) in body for text in gold["must_have"]),
        sentences=len(gold["must_have"]),
        wrong_actors=len(set(gold.get("actors_not", ())) & reading.actors),
    )


def evaluate() -> list[Score]:
    """Every reader on every input of every page."""
    parser = parser_from_fixtures()
    scores = []
    for page in load_pages():
        source = expected_source(page, parser.sources)
        for form, name, data in page.inputs():
            scores.append(score(page, form, "archive", read_with_archive(parser, name, data), source))
            if form == "HTML":
                scores.append(score(page, form, "trafilatura", read_with_trafilatura(parser, data), source))
    return scores


def _comparable(text: str) -> str:
    return " ".join(normalize(text).split())


def render(scores: list[Score]) -> str:
    """The results as a Markdown section."""
    lines = [
        "## Reading real pages",
        "",
        "Each page of `../shared/pages` and `archive/tests/pages` in every form it is given (saved HTML, the "
        "whole page's text with menus and footer, the article area alone), read by the archive's parser and, for "
        "HTML, by plain trafilatura (its title, date and text with default settings). Scored against the "
        "archivist's reading in each folder's `gold.json`: title right; date right, missed or wrong (wrong is the "
        "worst outcome); source right, none or wrong; boilerplate strings kept in the body; article sentences "
        "kept. Pages marked held out were read by the archivist but never run while the reader was built. Made by "
        "`make bench-reading` (and by `make bench`).",
        "",
        "| pages | reader | inputs | titles right | dates right / missed / wrong | sources right / none / wrong "
        "| boilerplate kept | sentences kept | wrong actors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for held_out, label in ((False, "used while building"), (True, "held out")):
        for reader in ("archive", "trafilatura"):
            chosen = [s for s in scores if s.held_out == held_out and s.reader == reader]
            if chosen:
                lines.append(f"| {label} | {reader} | {len(chosen)} | " + _totals(chosen) + " |")
    lines += [
        "",
        "| page | input | reader | title | date | source | boilerplate kept | sentences kept | wrong actors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in scores:
        name = f"{s.page} (held out)" if s.held_out else s.page
        lines.append(
            f"| {name} | {s.form} | {s.reader} | {'right' if s.title_right else 'WRONG'} | {s.date} | {s.source or '–'} "
            f"| {s.kept}/{s.boilerplate} | {s.found}/{s.sentences} | {s.wrong_actors} |"
        )
    return "\n".join(lines) + "\n"


def _totals(chosen: list[Score]) -> str:
    dates = [sum(s.date == outcome for s in chosen) for outcome in ("right", "missed", "wrong")]
    checked = [s for s in chosen if s.source]
    sources = [sum(s.source == outcome for s in checked) for outcome in ("right", "none", "wrong")]
    kept, boilerplate = sum(s.kept for s in chosen), sum(s.boilerplate for s in chosen)
    found, sentences = sum(s.found for s in chosen), sum(s.sentences for s in chosen)
    return (
        f"{sum(s.title_right for s in chosen)}/{len(chosen)} | {' / '.join(map(str, dates))} | "
        + (" / ".join(map(str, sources)) if checked else "–")
        + f" | {kept}/{boilerplate} ({kept / boilerplate:.0%}) | {found}/{sentences} ({found / sentences:.0%}) | "
        f"{sum(s.wrong_actors for s in chosen)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="write the section into this Markdown file")
    options = parser.parse_args()
    section = render(evaluate())
    if options.write:
        from .retrieval import replace_section

        replace_section(options.write, section)
    print(section)


if __name__ == "__main__":
    main()
