"""Coverage over time as bars: articles per month (per day over a short span), every period
between the first and the last shown, empty ones included, undated articles counted apart.

Plain Python: the selectors give it counts by day, the pages draw its bars as SVG.
"""

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .text.calendars import day_label, month_label

# Up to this many days between the first and last article, bars are days; beyond, months.
DAYS_SPAN_LIMIT = 62
# The drawing's coordinate box; the page scales it to its width. A few periods take the
# width of this many, so that one day is not drawn as a block across the page.
WIDTH, HEIGHT = 600, 120
MIN_SLOTS = 12
# The tallest bar leaves this much room above it; an empty period is a sliver this tall.
TOP_MARGIN = 6
EMPTY_HEIGHT = 1.5


@dataclass(frozen=True)
class Bar:
    """One period: its first and last day, its article count, its label, and where it stands
    in the drawing (x from the right, since the page reads right to left)."""

    first_day: date
    last_day: date
    count: int
    label: str
    x: float
    width: float
    height: float
    link: str

    @property
    def y(self) -> float:
        return HEIGHT - self.height


@dataclass(frozen=True)
class Timeline:
    """Bars oldest first; `unit` is "day" or "month"; `undated` articles have no bar."""

    bars: list[Bar]
    unit: str
    undated: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def dated(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def busiest(self) -> Bar | None:
        return max(self.bars, key=lambda bar: bar.count, default=None)

    @property
    def spans_width(self) -> bool:
        """Whether the bars fill the drawing, so that its ends are the first and last periods."""
        return len(self.bars) >= MIN_SLOTS

    @property
    def first(self) -> Bar | None:
        return self.bars[0] if self.bars else None

    @property
    def last(self) -> Bar | None:
        return self.bars[-1] if self.bars else None


def timeline(day_counts: Mapping[date, int], undated: int, link: Callable[[date, date], str]) -> Timeline:
    """The timeline of articles counted by publication day; `link(first, last)` is the address
    of the articles of a period."""
    days = sorted(day for day, count in day_counts.items() if count)
    if not days:
        return Timeline([], "month", undated)
    unit, periods = _periods(days[0], days[-1])
    counts = _counts_by_period(day_counts, unit, periods)
    return _drawn(periods, counts, unit, undated, link, tallest=max(counts))


def timelines_compared(series: Sequence[tuple[Mapping[date, int], int, Callable[[date, date], str]]]) -> list[Timeline]:
    """Timelines of several sets of articles, each given as (counts by day, undated, link),
    drawn to be compared: all over the same periods, from the first day of any set to the last
    of any, with the bars of all on one height scale. A set without a dated article has no bars."""
    days = sorted({day for day_counts, _, _ in series for day, count in day_counts.items() if count})
    if not days:
        return [Timeline([], "month", undated) for _, undated, _ in series]
    unit, periods = _periods(days[0], days[-1])
    counts = [_counts_by_period(day_counts, unit, periods) for day_counts, _, _ in series]
    tallest = max(max(each) for each in counts)
    return [
        _drawn(periods, each, unit, undated, link, tallest) if any(each) else Timeline([], unit, undated)
        for each, (_, undated, link) in zip(counts, series, strict=True)
    ]


def _periods(first: date, last: date) -> tuple[str, list[tuple[date, date]]]:
    """The unit of a span's bars, and its periods (first and last day of each)."""
    if (last - first).days < DAYS_SPAN_LIMIT:
        return "day", _days(first, last)
    return "month", _months(first, last)


def _counts_by_period(day_counts: Mapping[date, int], unit: str, periods: list[tuple[date, date]]) -> list[int]:
    by_period: dict[date, int] = {}
    for day, count in day_counts.items():
        start = day if unit == "day" else day.replace(day=1)
        by_period[start] = by_period.get(start, 0) + count
    return [by_period.get(first, 0) for first, _ in periods]


def _drawn(
    periods: list[tuple[date, date]], counts: list[int], unit: str, undated: int, link: Callable[[date, date], str], tallest: int
) -> Timeline:
    """The bars of `counts` by period, the tallest possible standing for `tallest` articles."""
    step = WIDTH / max(len(periods), MIN_SLOTS)
    gap = min(step * 0.15, 2.0)
    bars = []
    for number, ((first, last), count) in enumerate(zip(periods, counts, strict=True)):
        bars.append(
            Bar(
                first_day=first,
                last_day=last,
                count=count,
                label=day_label(first) if unit == "day" else month_label(first.year, first.month),
                x=round(WIDTH - (number + 1) * step + gap / 2, 2),
                width=round(step - gap, 2),
                height=round(count / tallest * (HEIGHT - TOP_MARGIN), 2) if count else EMPTY_HEIGHT,
                link=link(first, last),
            )
        )
    return Timeline(bars, unit, undated)


def _each_day(first: date, last: date):
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _days(first: date, last: date) -> list[tuple[date, date]]:
    return [(day, day) for day in _each_day(first, last)]


def _months(first: date, last: date) -> list[tuple[date, date]]:
    periods = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append((date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods
