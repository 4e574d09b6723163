"""Names in any spelling: what a change to name matching gains and loses on the whole corpus.

Tags every article of the SaudiNewsNet corpus (title and text) with the project's gazetteer
and writes each mention (article, position, actor, the words as written) to a JSON file.
Run it on the code before a change and after it, then compare the two files: every mention
gained or lost, by spelling, with a few places each to read by hand.

    python -m benchmarks.names --out /tmp/before.json      # on the code before the change
    python -m benchmarks.names --out /tmp/after.json       # on the code after it
    python -m benchmarks.names --compare /tmp/before.json /tmp/after.json
"""

import argparse
import json
import zipfile
from collections import Counter
from pathlib import Path

from archive.text.actors import Gazetteer, aliases_from_records

from .retrieval import CORPUS, ROOT

# How many places of each gained or lost spelling the comparison quotes.
QUOTED_PLACES = 3


def corpus_texts(corpus: Path = CORPUS):
    """(article key, title and text) of every non-empty article of the corpus."""
    for day in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(day) as archive:
            for name in archive.namelist():
                for number, record in enumerate(json.loads(archive.read(name))):
                    text = f"{record.get('title') or ''}\n{record.get('content') or ''}".strip()
                    if text:
                        yield f"{day.stem}/{name}#{number}", text


def mentions(corpus: Path = CORPUS) -> list[list]:
    """[article key, start, actor, words as written, the sentence around them] of every mention."""
    records = json.loads((ROOT / "fixtures" / "gazetteer.json").read_text(encoding="utf-8"))["actors"]
    gazetteer = Gazetteer(aliases_from_records(records))
    found = []
    for key, text in corpus_texts(corpus):
        for match in gazetteer.find(text):
            context = text[max(0, match.start - 40) : match.end + 40].replace("\n", " ")
            found.append([key, match.start, match.actor, match.text, context])
    return found


def compare(before: list[list], after: list[list]) -> str:
    """The mentions gained and lost, by actor and spelling, as Markdown."""
    old = {(key, start, actor): (text, context) for key, start, actor, text, context in before}
    new = {(key, start, actor): (text, context) for key, start, actor, text, context in after}
    lines = [f"before: {len(old):,} mentions; after: {len(new):,}", ""]
    for title, keys, source in (("gained", new.keys() - old.keys(), new), ("lost", old.keys() - new.keys(), old)):
        spellings = Counter((actor, source[(key, start, actor)][0]) for key, start, actor in keys)
        lines.append(f"## {title}: {len(keys):,} mentions in {len(spellings):,} spellings")
        for (actor, text), count in spellings.most_common():
            places = [source[k][1] for k in sorted(keys) if k[2] == actor and source[k][0] == text][:QUOTED_PLACES]
            lines.append(f"- {actor} «{text}» ×{count}: " + " | ".join(f"…{place}…" for place in places))
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the corpus's mentions to this JSON file")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.out:
        args.out.write_text(json.dumps(mentions(), ensure_ascii=False), encoding="utf-8")
    if args.compare:
        before, after = (json.loads(path.read_text(encoding="utf-8")) for path in args.compare)
        print(compare(before, after))


if __name__ == "__main__":
    main()
