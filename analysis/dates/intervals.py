"""Intervals of days on the calendar: a month, a quarter, a season, "early" in one, a week n away; and which
occurrence of a yearly period ("August", "the third quarter") a clause of some tense means.

Pure: dates in, ``(first day, last day, precision)`` out. Dossier reads the years MIN_YEAR..MAX_YEAR only.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.dates.words import words

Interval = tuple[date, date, str]
MIN_YEAR, MAX_YEAR = 1700, 2199  # datetime64[ns] holds 1677-09-21..2262-04-11
# No count of days, weeks, ... ("99999 days ago") longer than these years moves a date from one of them into another.
_SPAN_DAYS = (MAX_YEAR - MIN_YEAR + 1) * 366
_UNIT_DAYS = {"day": 1, "week": 7, "month": 28, "year": 365, "decade": 3652}


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against: the article date and the tense of its clause."""

    published: date | None
    tense: str = "past"  # past, present or future


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month(y: int, m: int) -> Interval:
    return date(y, m, 1), date(y, m, _last_day(y, m)), "month"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _quarter(y: int, q: int) -> Interval:
    m = 3 * (q - 1) + 1
    return date(y, m, 1), date(y, m + 2, _last_day(y, m + 2)), "quarter"


def _half(y: int, h: int) -> Interval:
    return (date(y, 1, 1), date(y, 6, 30), "half") if h == 1 else (date(y, 7, 1), date(y, 12, 31), "half")


def _season(y: int, name: str) -> Interval:
    first, last = words()["seasons"][name]
    end_year = y + 1 if last < first else y
    return date(y, first, 1), date(end_year, last, _last_day(end_year, last)), "season"


def _year(y: int) -> Interval:
    return date(y, 1, 1), date(y, 12, 31), "year"


def _week(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6), "week"


def _day(d: date) -> Interval:
    return d, d, "day"


def _too_far(n: int, unit: str) -> bool:
    """Whether ``n`` units move every date of MIN_YEAR..MAX_YEAR out of those years (and maybe out of the calendar)."""
    return abs(n) * _UNIT_DAYS[unit] > _SPAN_DAYS


def _within(iv: Interval | None) -> Interval | None:
    """``iv`` when it lies in MIN_YEAR..MAX_YEAR, the years Dossier reads (and a datetime64[ns] frame holds)."""
    return iv if iv is not None and MIN_YEAR <= iv[0].year <= iv[1].year <= MAX_YEAR else None


def _anchor(p: date | None) -> date | None:
    """The article date to count from, or None when it lies outside MIN_YEAR..MAX_YEAR: nothing counted from it
    could be read, and counting from the calendar's ends (year 1 or 9999) would leave it."""
    return p if p is not None and MIN_YEAR <= p.year <= MAX_YEAR else None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_value(text: str | None) -> int | None:
    if not text:
        return None
    if text.startswith("'"):
        yy = int(text[1:])
        return 2000 + yy if yy < 50 else 1900 + yy
    y = int(text)
    return y if MIN_YEAR <= y <= MAX_YEAR else None


def _pick_year(make: Callable[[int], Interval | None], ctx: Context, grace: int = 0) -> Interval | None:
    """The occurrence of a yearly period (a month, "August 31", a season) meant by a clause of this tense.

    Past: the latest one that has begun by publication; future: the first that has not ended; present: the
    nearest. ``grace`` days let a future clause still mean a period just ended ("will report third-quarter
    results" in October). None in any tense when no year has one ("February 30", "97 April").
    """
    p = ctx.published
    if p is None:
        return None
    options = [iv for iv in (make(y) for y in (p.year - 1, p.year, p.year + 1)) if iv]
    if ctx.tense == "past":
        started = [iv for iv in options if iv[0] <= p]
        return started[-1] if started else None
    if ctx.tense == "future":
        ahead = [iv for iv in options if iv[1] >= p - timedelta(days=grace)]
        return ahead[0] if ahead else None
    return min(options, key=lambda iv: 0 if iv[0] <= p <= iv[1] else min(abs((iv[0] - p).days), abs((iv[1] - p).days)),
               default=None)


def _weekday(wd: int, rel: str, ctx: Context) -> Interval | None:
    p = ctx.published
    if p is None:
        return None
    back, ahead = (p.weekday() - wd) % 7, (wd - p.weekday()) % 7
    if rel == "last":
        return _day(p - timedelta(days=back or 7))
    if rel == "next":
        return _day(p + timedelta(days=ahead or 7))
    if rel == "this":
        return _day(p - timedelta(days=p.weekday()) + timedelta(days=wd))
    if ctx.tense == "past":
        # "exploded Friday" in a story dated Friday is that Friday (wire style names the day, not "today"):
        # on TempEval-3 TBAQ, reading it as a week earlier drops value F1 from 0.86 to 0.78.
        # "fired a missile Friday" in a story dated Thursday is the next day, not six days back: the article
        # date is the writer's (often a US evening, or UTC), the weekday the news day where it happened (Asia
        # runs up to 14 hours ahead). The metadata time cannot decide it: corpus.parse_date keeps the day only,
        # and a naive time names no zone (a story stamped 06:26 Saturday reports "Sunday").
        if ahead == 1:
            return _day(p + timedelta(days=1))
        return _day(p - timedelta(days=back))
    if ctx.tense == "future":
        return _day(p + timedelta(days=ahead))
    return _day(p - timedelta(days=back)) if back < ahead or back == 0 else _day(p + timedelta(days=ahead))


def _nth_weekday(y: int, m: int, rule: str) -> date | None:
    """Dates like "4th thursday of november" for movable holidays."""
    nth, wd_name, _, _ = rule.split()
    wd = words()["weekdays"][wd_name]
    days = [d for d in range(1, _last_day(y, m) + 1) if date(y, m, d).weekday() == wd]
    return date(y, m, days[-1] if nth == "last" else days[int(nth[0]) - 1])


def _sub_part(iv: Interval, part: str) -> Interval:
    """"early"/"mid"/"late" of a month (1-10, 11-20, 21-end), a year or decade (thirds), a quarter or half;
    "the start"/"the end" of a year are its first/last two months, of anything else like early/late."""
    s, e, prec = iv
    if prec == "day":
        return iv
    if prec == "year" and part in ("start", "end"):  # "the end of the year": its last two months
        return (date(s.year, 1, 1), date(s.year, 2, 28 + calendar.isleap(s.year)), "range") if part == "start" \
            else (date(s.year, 11, 1), date(s.year, 12, 31), "range")
    part = {"start": "early", "end": "late"}.get(part, part)
    if prec == "month":
        a, b = {"early": (1, 10), "mid": (11, 20), "late": (21, e.day)}[part]
        return date(s.year, s.month, a), date(s.year, s.month, b), "range"
    if prec == "year":
        a, b = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return date(s.year, a, 1), date(s.year, b, _last_day(s.year, b)), "range"
    if prec == "week":
        a, b = {"early": (0, 2), "mid": (2, 4), "late": (4, 6)}[part]
        return s + timedelta(days=a), s + timedelta(days=b), "range"
    span = (e - s).days + 1
    if span < 3:  # "early this weekend", "mid August 3-4": too short to have an early and a late part
        return iv
    if e.year - s.year == 9 and s.month == 1 and e.month == 12:  # a decade
        a, b = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[part]
        return date(s.year + a, 1, 1), date(s.year + b, 12, 31), "range"
    third = span // 3
    a, b = {"early": (0, third - 1), "mid": (third, 2 * third - 1), "late": (2 * third, span - 1)}[part]
    return s + timedelta(days=a), s + timedelta(days=b), "range"


def _shift_quarter(p: date, n: int) -> Interval:
    """The quarter ``n`` quarters after the one holding ``p``."""
    y, mth = _add_months(p.year, p.month, 3 * n)
    return _quarter(y, (mth - 1) // 3 + 1)


def _period(unit: str, p: date, n: int) -> Interval | None:
    """The week, month, year or weekend ``n`` of them after the one holding ``p``."""
    if unit == "week":
        return _week(p + timedelta(weeks=n))
    if unit == "month":
        return _month(*_add_months(p.year, p.month, n))
    if unit == "year":
        return _year(p.year + n)
    if unit == "weekend":
        saturday = p - timedelta(days=p.weekday()) + timedelta(days=5 + 7 * n)
        return saturday, saturday + timedelta(days=1), "range"
    return None


def _shift(iv: Interval, unit: str, n: int) -> Interval | None:
    """``iv`` moved by ``n`` units, keeping its granularity ("a year earlier" than 1989-Q3 is 1988-Q3)."""
    s, e, prec = iv
    if _too_far(n, unit):
        return None
    if unit in ("day", "week"):
        if prec not in ("day", "week"):
            return None
        days = n * (7 if unit == "week" else 1)
        return s + timedelta(days=days), e + timedelta(days=days), prec
    months = n * (12 if unit == "year" else 1)
    if prec in ("day", "week"):
        y, m = _add_months(s.year, s.month, months)
        d = date(y, m, min(s.day, _last_day(y, m)))
        return _week(d) if prec == "week" else _day(d)
    (ys, ms), (ye, me) = _add_months(s.year, s.month, months), _add_months(e.year, e.month, months)
    return date(ys, ms, 1), date(ye, me, _last_day(ye, me)), prec

