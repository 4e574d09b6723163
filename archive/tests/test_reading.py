"""Reading real pages of other outlets: the reading benchmark's pages, read by the parser."""

from dataclasses import replace

import pytest

from benchmarks.reading import SHARED_PAGES, evaluate, load_pages, render

PAGES = load_pages()


def test_our_own_pages_are_there_without_the_shared_folder():
    assert any(page.folder.parent.name == "tests" for page in PAGES)


@pytest.fixture(scope="module")
def scores():
    return evaluate()


def test_every_input_of_every_page_reads_right(scores):
    ours = [score for score in scores if score.reader == "archive"]
    assert ours
    for score in ours:
        label = f"{score.page} ({score.form})"
        assert score.title_right, label
        assert score.date == "right", label
        assert score.source in ("", "right", "none"), label  # a source is never guessed
        assert score.found == score.sentences, label  # every article sentence kept
        assert score.wrong_actors == 0, label
    kept = sum(score.kept for score in ours) / sum(score.boilerplate for score in ours)
    assert kept < 0.10


@pytest.mark.skipif(not SHARED_PAGES.exists(), reason="../shared/pages is not there")
def test_the_shared_pages_are_read_in_all_their_forms(scores):
    forms = {(score.page, score.form) for score in scores if score.reader == "archive"}
    assert {("youm7_eg", "whole-page text"), ("youm7_eg", "article area"), ("youm7_eg", "HTML")} <= forms
    # The archive reads the titles that plain trafilatura gets wrong.
    plain = [score for score in scores if score.reader == "trafilatura"]
    assert sum(not score.title_right for score in plain) >= 2


def test_the_report_gives_held_out_pages_apart(scores):
    held_out = [replace(score, held_out=True) for score in scores if score.page == "cnn_arabic"]
    report = render(scores + held_out)
    assert "| held out | archive |" in report and "cnn_arabic (held out)" in report
