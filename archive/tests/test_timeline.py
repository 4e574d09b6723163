"""Timelines drawn from counts by day: the unit chosen from the span, every period between
the first and last shown, undated articles apart, bars placed right to left."""

from datetime import date

from archive.timeline import DAYS_SPAN_LIMIT, EMPTY_HEIGHT, HEIGHT, TOP_MARGIN, WIDTH, timeline, timelines_compared


def link(first: date, last: date) -> str:
    return f"/search/?from={first.isoformat()}&to={last.isoformat()}"


def test_a_long_span_is_drawn_by_month_with_empty_months_shown():
    counts = {date(2020, 10, 1): 1, date(2020, 11, 21): 2, date(2020, 11, 3): 1, date(2021, 2, 14): 3}
    drawn = timeline(counts, undated=2, link=link)
    assert drawn.unit == "month"
    assert [bar.label for bar in drawn.bars] == [
        "تشرين الأول/أكتوبر 2020",
        "تشرين الثاني/نوفمبر 2020",
        "كانون الأول/ديسمبر 2020",
        "كانون الثاني/يناير 2021",
        "شباط/فبراير 2021",
    ]
    assert [bar.count for bar in drawn.bars] == [1, 3, 0, 0, 3]
    assert drawn.dated == 7 and drawn.undated == 2
    november = drawn.bars[1]
    assert (november.first_day, november.last_day) == (date(2020, 11, 1), date(2020, 11, 30))
    assert november.link == "/search/?from=2020-11-01&to=2020-11-30"
    assert drawn.bars[2].height == EMPTY_HEIGHT  # an empty month keeps its place
    assert november.height == HEIGHT - TOP_MARGIN  # the busiest month is the tallest bar
    assert drawn.busiest.count == 3


def test_bars_run_right_to_left_and_stay_inside_the_drawing():
    counts = {date(2019, 1, 5): 2, date(2020, 12, 31): 1}
    drawn = timeline(counts, undated=0, link=link)
    assert len(drawn.bars) == 24
    xs = [bar.x for bar in drawn.bars]
    assert xs == sorted(xs, reverse=True)  # oldest on the right, as the page reads
    assert all(0 <= bar.x and bar.x + bar.width <= WIDTH for bar in drawn.bars)
    assert all(0 <= bar.y <= HEIGHT for bar in drawn.bars)


def test_a_short_span_is_drawn_by_day():
    counts = {date(2023, 9, 19): 4, date(2023, 9, 29): 1}
    drawn = timeline(counts, undated=0, link=link)
    assert drawn.unit == "day"
    assert len(drawn.bars) == 11
    assert drawn.first.label == "19 أيلول/سبتمبر 2023" and drawn.last.label == "29 أيلول/سبتمبر 2023"
    assert drawn.first.link == "/search/?from=2023-09-19&to=2023-09-19"
    assert [bar.count for bar in drawn.bars] == [4] + [0] * 9 + [1]


def test_the_unit_changes_at_the_day_limit():
    start = date(2022, 1, 1)
    within = {start: 1, date.fromordinal(start.toordinal() + DAYS_SPAN_LIMIT - 1): 1}
    beyond = {start: 1, date.fromordinal(start.toordinal() + DAYS_SPAN_LIMIT): 1}
    assert timeline(within, 0, link).unit == "day"
    assert timeline(beyond, 0, link).unit == "month"


def test_only_undated_articles_draw_no_bars():
    drawn = timeline({}, undated=3, link=link)
    assert drawn.bars == [] and drawn.undated == 3 and drawn.busiest is None
    assert timeline({date(2020, 1, 1): 0}, undated=0, link=link).bars == []


def test_a_single_period_is_a_bar_not_a_block():
    drawn = timeline({date(2020, 11, 21): 2}, undated=1, link=link)
    (bar,) = drawn.bars
    assert bar.width < WIDTH / 10 and bar.x + bar.width <= WIDTH  # at the right, where time starts
    assert bar.x > WIDTH / 2
    assert not drawn.spans_width
    assert timeline({date(2019, 1, 5): 2, date(2020, 12, 31): 1}, undated=0, link=link).spans_width


def test_timelines_compared_share_their_periods_and_their_scale():
    wide = {date(2020, 10, 1): 4, date(2020, 11, 21): 1}
    narrow = {date(2021, 2, 14): 2}
    first, second, undated_only = timelines_compared([(wide, 1, link), (narrow, 0, link), ({}, 3, link)])
    assert first.unit == second.unit == "month"
    assert [bar.first_day for bar in first.bars] == [bar.first_day for bar in second.bars]
    assert (first.first.first_day, first.last.last_day) == (date(2020, 10, 1), date(2021, 2, 28))
    assert [bar.count for bar in second.bars] == [0, 0, 0, 0, 2]
    # One scale: 2 articles stand half as tall as the busiest month of any outlet, not full height.
    assert first.bars[0].height == HEIGHT - TOP_MARGIN
    assert second.bars[-1].height == (HEIGHT - TOP_MARGIN) / 2
    assert second.bars[-1].link == "/search/?from=2021-02-01&to=2021-02-28"
    assert undated_only.bars == [] and undated_only.undated == 3
    assert first.undated == 1
    assert timelines_compared([({}, 2, link)])[0].undated == 2
