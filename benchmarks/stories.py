"""Republished stories on the SaudiNewsNet corpus: how many stories the archive finds, how
many of them several outlets ran, how precise they are by hand, and what finding them costs.

An archive of the whole corpus is built as an administrator would (`import_articles`, which
groups stories as it saves); then, in that archive's own process, every story is found afresh
(`services.stories_find(everything=True)` in a transaction rolled back afterwards, so the index
is not asked to follow) and timed per article. A
fixed random sample of stories (seeded) pairs each story's lead with one other article; the
verdicts of a reader who compared the two texts are kept in `stories_checked.json` (by the
articles' addresses), and precision is counted over the sampled pairs that have a verdict.
Pairs without one are written to `--unchecked` for reading.

    python -m benchmarks.stories --write BENCHMARKS.md
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .retrieval import ROOT, machine, replace_section
from .scale import Archive, corpus_size, dataset_files

CHECKED = Path(__file__).with_name("stories_checked.json")
SAMPLE_SIZE = 40
SAMPLE_SEED = 2015

MEASURE = """
import json, random, sys, time
import django
django.setup()
from django.db import transaction
from django.db.models import Count
from archive.models import Article, Story
from archive.services import stories_find

class Undone(Exception):
    pass

# Inside one transaction rolled back at the end: the index is not asked to follow (its cost is
# the import's), and the archive keeps the stories its import found, the same ones.
try:
    with transaction.atomic():
        articles = Article.objects.count()
        started = time.perf_counter()
        stories_find(everything=True)
        seconds = time.perf_counter() - started
        sizes = list(Story.objects.annotate(n=Count("articles")).values_list("n", flat=True))
        outlets = list(Story.objects.annotate(n=Count("articles__source", distinct=True)).values_list("n", flat=True))
        same_text = Article.objects.exclude(story=None).values("story", "body_fingerprint").annotate(n=Count("id")).filter(n__gt=1).count()
        stories = sorted(Story.objects.values_list("pk", flat=True))
        random.seed(int(sys.argv[1]))
        pairs = []
        for story in random.sample(stories, min(int(sys.argv[2]), len(stories))):
            members = list(Article.objects.filter(story=story).order_by("pk").values("url", "title", "body", "source__slug"))
            lead, other = members[0], random.choice(members[1:])
            pairs.append({"lead": lead, "other": other})
        raise Undone
except Undone:
    pass
print(json.dumps({
    "articles": articles, "seconds": seconds, "stories": len(sizes), "in_stories": sum(sizes),
    "largest": max(sizes, default=0), "several_outlets": sum(1 for n in outlets if n > 1),
    "same_text_groups": same_text, "pairs": pairs,
}, ensure_ascii=False))
"""


def measure(work: Path) -> dict:
    archive = Archive(work / "archive")
    archive.create()
    imported = archive.manage("import_articles", *map(str, dataset_files(corpus_size(), work / "data")), "--no-progress")
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(SAMPLE_SEED), str(SAMPLE_SIZE)],
        cwd=ROOT,
        env=archive.env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout)
    figures["import_summary"] = next(line for line in imported.output.splitlines() if line.startswith("Imported"))
    figures["import_seconds"] = imported.seconds
    return figures


def render(figures: dict, verdicts: dict[str, bool]) -> tuple[str, list[dict]]:
    judged = [(pair, verdicts.get(_key(pair))) for pair in figures["pairs"]]
    checked = [verdict for _, verdict in judged if verdict is not None]
    unchecked = [pair for pair, verdict in judged if verdict is None]
    precision = f"{sum(checked)}/{len(checked)} ({sum(checked) / len(checked):.0%})" if checked else "not checked"
    per_article = figures["seconds"] / figures["articles"] * 1000
    lines = [
        "## Republished stories on the corpus (issue 16)",
        "",
        f"Machine: {machine()}. `python -m benchmarks.stories`: the whole corpus imported as an administrator "
        "would, then every story found afresh in the archive's own process (signatures, LSH buckets, placing "
        "each article around its story's lead; the search index not counted). Precision: for each of "
        f"{len(figures['pairs'])} stories drawn at random, its lead and one other article drawn at random, "
        "both texts read side by side: one story (the same report, release or statement, however edited) or not.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| articles | {figures['articles']:,} |",
        f"| stories found (two articles or more) | {figures['stories']:,} |",
        f"| articles in a story | {figures['in_stories']:,} |",
        f"| stories run by several outlets | {figures['several_outlets']:,} |",
        f"| stories holding one text word for word in several outlets (the old exact duplicates) | {figures['same_text_groups']:,} |",
        f"| largest story | {figures['largest']} articles |",
        f"| the import, grouping as it saves | {figures['import_seconds']:.0f} s: {figures['import_summary']} |",
        f"| finding every story afresh | {figures['seconds']:.1f} s ({per_article:.2f} ms an article) |",
        f"| precision, lead against a random other article of {len(figures['pairs'])} random stories, read by hand | {precision} |",
        "",
    ]
    wrong = [pair for pair, verdict in judged if verdict is False]
    if wrong:
        lines += ["Pairs read as two stories:", ""]
        lines += [f"- «{pair['lead']['title']}» and «{pair['other']['title']}»" for pair in wrong]
        lines.append("")
    return "\n".join(lines) + "\n", unchecked


def _key(pair: dict) -> str:
    return f"{pair['lead']['url']} | {pair['other']['url']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="write the section into this Markdown file")
    parser.add_argument("--unchecked", type=Path, help="write the sampled pairs without a verdict here, to read")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        figures = measure(Path(work))
    verdicts = json.loads(CHECKED.read_text(encoding="utf-8")) if CHECKED.exists() else {}
    section, unchecked = render(figures, verdicts)
    if options.unchecked:
        options.unchecked.write_text(json.dumps(unchecked, ensure_ascii=False, indent=1), encoding="utf-8")
    if options.write:
        replace_section(options.write, section)
    print(section)


if __name__ == "__main__":
    main()
