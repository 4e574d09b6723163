"""Retrieval quality on the test collection: the Arabic analysis against its peers."""

import pytest

from benchmarks.peers import Fts5, HaystackDefault
from benchmarks.retrieval import CORPUS, ArchiveEngine, Document, evaluate, mean, relevant_by_forms

OURS, DEFAULT, FTS5 = ArchiveEngine.name, HaystackDefault.name, Fts5.name


def test_every_seed_query_finds_all_its_articles_first():
    seeds = evaluate(sample=0)["seeds"]
    assert {score.id: score.recall[OURS] for score in seeds} == {score.id: 1.0 for score in seeds}
    assert mean(seeds, "reciprocal_rank", OURS) == 1.0
    assert mean(seeds, "recall", OURS) > mean(seeds, "recall", DEFAULT)
    # FTS5 given the same analysis and query building finds the same articles.
    assert {score.id: score.recall[FTS5] for score in seeds} == {score.id: 1.0 for score in seeds}


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the SaudiNewsNet corpus is not in ../shared")
def test_corpus_queries_find_what_the_forms_say():
    corpus = evaluate(sample=600)["corpus"]
    judged = [score for score in corpus if score.relevant]
    assert len(judged) >= 10
    assert mean(judged, "recall", OURS) >= 0.98
    assert mean(judged, "recall", OURS) > mean(judged, "recall", DEFAULT) + 0.5
    for score in judged:
        assert score.returned[OURS] <= 3 * score.relevant + 5, score.id  # found by matching, not by returning everything


def test_judgments_match_whole_words_only():
    documents = [Document("a", "أطلقت صواريخ"), Document("b", "الصواريخيات"), Document("c", "بصَوَاريـخ")]
    assert relevant_by_forms(["صواريخ", "بصواريخ"], documents) == {"a", "c"}


def test_a_section_is_found_by_its_heading_line_not_by_a_mention(tmp_path):
    from benchmarks.retrieval import replace_section

    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\n## Scale\n\nsee `## Quality` below\n\n## Quality\n\nold\n", encoding="utf-8")
    replace_section(report, "## Quality\n\nnew\n")
    assert report.read_text(encoding="utf-8") == "# Benchmarks\n\n## Scale\n\nsee `## Quality` below\n\n## Quality\n\nnew\n"
    replace_section(report, "## Scale\n\nfresh\n")
    assert report.read_text(encoding="utf-8") == "# Benchmarks\n\n## Scale\n\nfresh\n\n## Quality\n\nnew\n"
