"""Temporal expressions -> normalised intervals, and the article date when metadata lacks it.

Expressions are found as spaCy DATE/TIME entities plus patterns for what the model misses ("early August",
"Q3", "1957-58"), then resolved by a small rule set against the article's date and the tense of the clause
that governs them: "on Friday" in a past-tense clause is the Friday before publication, in a future one the
next. Durations, ages and counts ("two years", "75th anniversary") resolve to nothing and are dropped.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span

DATA = Path(__file__).resolve().parent / "data" / "date_words.json"
Interval = tuple[date, date, str]
MIN_YEAR, MAX_YEAR = 1700, 2199  # datetime64[ns] holds 1677-09-21..2262-04-11
# No count of days, weeks, ... ("99999 days ago") longer than these years moves a date from one of them into another.
_SPAN_DAYS = (MAX_YEAR - MIN_YEAR + 1) * 366
_UNIT_DAYS = {"day": 1, "week": 7, "month": 28, "year": 365, "decade": 3652}
_MAX_CHARS = 60  # no temporal expression is longer (nor any count in one too long for int())


@cache
def words() -> dict[str, Any]:
    """The date vocabulary of ``analysis/data/date_words.json``."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def _alt(keys: Iterable[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k)))


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against: the article date and the tense of its clause."""

    published: date | None
    tense: str = "past"  # past, present or future


# ---------------------------------------------------------------------------------------------- calendar helpers

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
        # on TempEval-3 TBAQ, reading it as a week earlier drops value F1 from 0.86 to 0.78
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


# ---------------------------------------------------------------------------------------------- patterns

def _regexes() -> dict[str, str]:
    w = words()
    return {
        "MON": rf"(?P<mon>{_alt(w['months'])})\.?",
        "WD": rf"(?P<wd>{_alt(w['weekdays'])})\.?",
        "DAY": r"(?P<day>\d{1,2})(?:st|nd|rd|th)?",
        "YEAR": r"(?P<year>\d{4}|'\d\d)",
        "NUM": rf"(?P<n>\d+|{_alt(w['numbers'])})",
        "ORD": rf"(?P<ord>{_alt(w['ordinals'])})",
        "SEASON": rf"(?P<season>{_alt(w['seasons'])})",
        "REL": r"(?P<rel>last|this|next|past|coming|previous|current|following|latest|recent|most recent|same)",
    }


def _pat(template: str) -> re.Pattern[str]:
    w = words()
    names = {**_regexes(), "holidays": _alt(w["holidays"]), "present": _alt(w["present_ref"]),
             "vague": _alt({k.removeprefix("the ") for k in w["vague"]}),
             "parts": _alt(w["parts"])}
    out = re.sub(r"(?<!\{)\{([A-Za-z]+)\}(?!\})", lambda m: names[m[1]], template)
    return re.compile(out.replace("{{", "{").replace("}}", "}"))


Handler = Callable[[re.Match[str], Context], Interval | None]
_RULES: list[tuple[re.Pattern[str], Handler]] = []


def rule(template: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _RULES.append((_pat(template), fn))
        return fn
    return register


def _mon(m: re.Match[str]) -> int:
    return words()["months"][m["mon"]]


def _rel(m: re.Match[str]) -> str:
    rel = (m.groupdict().get("rel") or "").strip()
    return {"past": "last", "previous": "same", "coming": "next", "following": "same", "current": "this",
            "latest": "latest", "recent": "latest", "most recent": "latest"}.get(rel, rel)


@rule(r"(?P<year>\d{{4}})-(?P<m>\d{{1,2}})-(?P<day>\d{{1,2}})")
def _iso(m: re.Match[str], ctx: Context) -> Interval | None:
    y = _year_value(m["year"])
    d = _safe_date(y, int(m["m"]), int(m["day"])) if y else None
    return _day(d) if d else None


@rule(r"(?P<m>\d{{1,2}})/(?P<day>\d{{1,2}})/(?P<year>\d{{4}}|\d\d)")
def _numeric(m: re.Match[str], ctx: Context) -> Interval | None:
    y = _year_value(m["year"] if len(m["year"]) == 4 else "'" + m["year"])
    d = _safe_date(y, int(m["m"]), int(m["day"])) if y else None
    return _day(d) if d else None


def _month_day(mon: int, day: int, year: str | None, wd: str | None, ctx: Context) -> Interval | None:
    y = _year_value(year)
    if y:
        d = _safe_date(y, mon, day)
        return _day(d) if d else None
    if wd and ctx.published is None:
        return None
    iv = _pick_year(lambda yy: (lambda d: _day(d) if d else None)(_safe_date(yy, mon, day)), ctx)
    if iv and wd and ctx.published:
        # "Friday, September 8": the year whose September 8 is a Friday, nearest the one picked by tense.
        want = words()["weekdays"][wd]
        for yy in (iv[0].year, iv[0].year - 1, iv[0].year + 1):
            d = _safe_date(yy, mon, day)
            if d and d.weekday() == want:
                return _day(d)
        return None
    return iv


@rule(r"(?:{REL} )?(?:{WD},? )?{MON},? {DAY}(?:,? {YEAR})?")
def _mdy(m: re.Match[str], ctx: Context) -> Interval | None:
    rel = _rel(m)
    if rel in ("last", "next"):
        ctx = Context(ctx.published, "past" if rel == "last" else "future")
    return _month_day(_mon(m), int(m["day"]), m["year"], m["wd"], ctx)


@rule(r"(?:{WD},? )?{DAY}(?: of)? {MON}(?:,? {YEAR})?")
def _dmy(m: re.Match[str], ctx: Context) -> Interval | None:
    return _month_day(_mon(m), int(m["day"]), m["year"], m["wd"], ctx)


@rule(r"{MON},?(?: of)? {YEAR}")
def _month_year(m: re.Match[str], ctx: Context) -> Interval | None:
    y = _year_value(m["year"])
    return _month(y, _mon(m)) if y else None


@rule(r"(?:{REL} )?{MON}")
def _bare_month(m: re.Match[str], ctx: Context) -> Interval | None:
    mon, rel = _mon(m), _rel(m)
    if rel == "same":
        return None
    if rel in ("last", "latest"):
        return _pick_year(lambda y: _month(y, mon), Context(ctx.published, "past")) if ctx.published and \
            mon != ctx.published.month else (_month(ctx.published.year - 1, mon) if ctx.published else None)
    if rel == "next":
        return _month(ctx.published.year + (mon <= ctx.published.month), mon) if ctx.published else None
    if rel == "this":
        return _month(ctx.published.year, mon) if ctx.published else None
    return _pick_year(lambda y: _month(y, mon), ctx)


@rule(r"(?:{REL} )?{WD}(?:'s)?(?: (?:morning|afternoon|evening|night|noon|overnight))?")
def _weekday_rule(m: re.Match[str], ctx: Context) -> Interval | None:
    rel = _rel(m)
    if rel == "same":
        return None
    return _weekday(words()["weekdays"][m["wd"]], rel if rel in ("last", "next", "this") else "", ctx)


@rule(r"(?:(?:fiscal|calendar|fy|the year|year|model year) )?{YEAR}")
def _year_rule(m: re.Match[str], ctx: Context) -> Interval | None:
    y = _year_value(m["year"])
    return _year(y) if y and (m["year"].startswith("'") or len(m["year"]) == 4) else None


@rule(r"(?P<dec>\d{{3}})0'?s|'(?P<d2>\d)0s")
def _decade(m: re.Match[str], ctx: Context) -> Interval | None:
    start = int(m["dec"]) * 10 if m["dec"] else (1900 if int(m["d2"]) > 2 else 2000) + int(m["d2"]) * 10
    return (date(start, 1, 1), date(start + 9, 12, 31), "range") if MIN_YEAR <= start <= MAX_YEAR else None


def _quarter_of(q: int, year: str | None, ctx: Context) -> Interval | None:
    y = _year_value(year)
    if y:
        return _quarter(y, q)
    return _pick_year(lambda yy: _quarter(yy, q), ctx, grace=45)


@rule(r"(?:(?:fiscal|calendar) )?{ORD}[- ](?:fiscal[- ]|calendar[- ])?quarter(?:,?(?: of)?(?: fiscal| calendar)? {YEAR})?")
def _ord_quarter(m: re.Match[str], ctx: Context) -> Interval | None:
    q = words()["ordinals"][m["ord"]]
    return _quarter_of(q, m["year"], ctx) if m["ord"] not in ("last", "final") or m["year"] else None


@rule(r"(?:fiscal |calendar )?{YEAR}(?: fiscal| calendar)? {ORD}[- ]quarter")
def _year_ord_quarter(m: re.Match[str], ctx: Context) -> Interval | None:
    return _quarter_of(words()["ordinals"][m["ord"]], m["year"], ctx)


@rule(r"q(?P<q>[1-4])(?:[ -]?{YEAR})?")
def _q_quarter(m: re.Match[str], ctx: Context) -> Interval | None:
    return _quarter_of(int(m["q"]), m["year"], ctx)


@rule(r"{YEAR} q(?P<q>[1-4])")
def _year_q_quarter(m: re.Match[str], ctx: Context) -> Interval | None:
    return _quarter_of(int(m["q"]), m["year"], ctx)


def _shift_quarter(p: date, n: int) -> Interval:
    y, mth = _add_months(p.year, p.month, 3 * n)
    return _quarter(y, (mth - 1) // 3 + 1)


@rule(r"(?:year-earlier|year-ago|year earlier|comparable year-ago|comparable year-earlier) (?:quarter|period)")
def _year_ago_quarter(m: re.Match[str], ctx: Context) -> Interval | None:
    return _shift_quarter(ctx.published, -5) if ctx.published else None


@rule(r"(?:{REL} )?(?:fiscal |calendar )?quarter")
def _rel_quarter(m: re.Match[str], ctx: Context) -> Interval | None:
    p, rel = ctx.published, _rel(m)
    if p is None or rel == "same":
        return None
    if rel == "this" or (not rel and ctx.tense == "future" and _shift_quarter(p, 0)[0] < p - timedelta(days=45)):
        return _shift_quarter(p, 0)
    if rel == "next":
        return _shift_quarter(p, 1)
    return _shift_quarter(p, -1)


@rule(r"(?:{ORD}|h(?P<h>[12])|(?P<lat>latter|back|front))(?:[- ]half)?(?:,?(?: of)? {YEAR})?")
def _half_rule(m: re.Match[str], ctx: Context) -> Interval | None:
    if "half" not in m[0] and not m["h"]:
        return None
    if m["h"]:
        h = int(m["h"])
    elif m["lat"]:
        h = 1 if m["lat"] == "front" else 2
    else:
        h = words()["ordinals"][m["ord"]]
        if h > 2:
            h = 2 if m["ord"] in ("last", "final") else 0
    if h not in (1, 2):
        return None
    y = _year_value(m["year"])
    return _half(y, h) if y else _pick_year(lambda yy: _half(yy, h), ctx, grace=45)


@rule(r"(?:{REL} )?{SEASON}(?:(?: of)? {YEAR})?")
def _season_rule(m: re.Match[str], ctx: Context) -> Interval | None:
    name, rel, p = m["season"], _rel(m), ctx.published
    y = _year_value(m["year"])
    if rel == "same":
        return None
    if y:
        return _season(y, name)
    if p is None:
        return None
    options = [_season(yy, name) for yy in (p.year - 2, p.year - 1, p.year, p.year + 1)]
    if rel in ("last", "latest"):
        return [iv for iv in options if iv[1] < p][-1]
    if rel == "next":
        return next(iv for iv in options if iv[0] > p)
    if rel == "this":
        return next((iv for iv in options if iv[0] <= p <= iv[1]), _season(p.year, name))
    return _pick_year(lambda yy: _season(yy, name), ctx)


_REL_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "earlier today": 0, "later today": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
             "day before yesterday": -2, "day after tomorrow": 2}


@rule(r"(?P<word>today|tonight|this morning|this afternoon|this evening|earlier today|later today|yesterday|"
      r"last night|tomorrow|day before yesterday|day after tomorrow)(?:'s)?(?: (?:morning|afternoon|evening|night))?")
def _rel_day(m: re.Match[str], ctx: Context) -> Interval | None:
    return _day(ctx.published + timedelta(days=_REL_DAYS[m["word"]])) if ctx.published else None


def _period(unit: str, p: date, n: int) -> Interval | None:
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


@rule(r"{REL} (?P<unit>week|month|year|weekend)")
def _rel_period(m: re.Match[str], ctx: Context) -> Interval | None:
    p, rel, unit = ctx.published, _rel(m), m["unit"]
    if p is None or rel in ("latest", "same"):
        return None
    if unit == "weekend" and not rel:
        rel = "last" if ctx.tense == "past" else "this"
    if unit == "weekend" and rel == "last" and p.weekday() >= 5:
        return _period(unit, p, 0) if m["rel"] != "last" else _period(unit, p, -1)
    return _period(unit, p, {"last": -1, "this": 0, "next": 1}[rel])


@rule(r"(?P<unit>weekend)")
def _the_weekend(m: re.Match[str], ctx: Context) -> Interval | None:
    p = ctx.published
    if p is None:
        return None
    return _period("weekend", p, -1 if ctx.tense == "past" and p.weekday() < 5 else 0)


@rule(r"(?P<dir>earlier|later) this (?P<unit>week|month|year)")
def _earlier_this(m: re.Match[str], ctx: Context) -> Interval | None:
    p = ctx.published
    if p is None:
        return None
    s, e, _ = _period(m["unit"], p, 0)
    return (s, p, "range") if m["dir"] == "earlier" else (p, e, "range")


@rule(r"{NUM} (?P<unit>day|week|month|year|decade)s? (?P<dir>ago|from now|hence)")
def _ago(m: re.Match[str], ctx: Context) -> Interval | None:
    p = ctx.published
    if p is None:
        return None
    n = int(m["n"]) if m["n"].isdigit() else words()["numbers"][m["n"]]
    n = -n if m["dir"] == "ago" else n
    unit = m["unit"]
    if _too_far(n, unit):
        return None
    if unit == "day":
        return _day(p + timedelta(days=n))
    if unit == "week":
        return _week(p + timedelta(weeks=n))
    if unit == "month":
        return _month(*_add_months(p.year, p.month, n))
    return _year(p.year + n * (10 if unit == "decade" else 1))


@rule(r"(?P<name>{holidays})(?:,? {YEAR})?")
def _holiday(m: re.Match[str], ctx: Context) -> Interval | None:
    spec = words()["holidays"][m["name"]]

    def on(y: int) -> Interval | None:
        if isinstance(spec, str):
            month = words()["months"][spec.split()[-1]]
            d = _nth_weekday(y, month, spec)
        else:
            d = _safe_date(y, spec[0], spec[1])
        return _day(d) if d else None

    y = _year_value(m["year"])
    return on(y) if y else _pick_year(on, ctx)


@rule(r"(?P<word>{present})")
def _present(m: re.Match[str], ctx: Context) -> Interval | None:
    return _day(ctx.published) if ctx.published else None


@rule(r"(?:in )?(?:the )?(?P<word>{vague})")
def _vague(m: re.Match[str], ctx: Context) -> Interval | None:
    """"recently", "in the near future": a window around publication, sized in ``date_words.json``."""
    p = ctx.published
    if p is None:
        return None
    table = words()["vague"]
    before, after = table.get(m["word"]) or table["the " + m["word"]]
    return p + timedelta(days=before), p + timedelta(days=after), "range"


@rule(r"(?:around |about )?year[- ]end")
def _year_end(m: re.Match[str], ctx: Context) -> Interval | None:
    """"by year-end": the last day of the year, the coming one unless the clause is past."""
    return _pick_year(lambda y: _day(date(y, 12, 31)), ctx)


@rule(r"week of (?P<rest>.+)")
def _week_of(m: re.Match[str], ctx: Context) -> Interval | None:
    inner = resolve(m["rest"], ctx)
    return _week(inner[0]) if inner and inner[2] == "day" else None


@rule(r"(?P<part>{parts})[- ]?(?P<rest>.+)")
def _part(m: re.Match[str], ctx: Context) -> Interval | None:
    inner = resolve(m["rest"], ctx)
    return _sub_part(inner, words()["parts"][m["part"]]) if inner else None


@rule(r"(?P<y1>\d{{4}}) ?[-–/] ?(?P<y2>\d{{2}}|\d{{4}})")
def _year_range(m: re.Match[str], ctx: Context) -> Interval | None:
    a = _year_value(m["y1"])
    b = int(m["y2"]) if len(m["y2"]) == 4 else (a // 100) * 100 + int(m["y2"]) if a else None
    if not a or not b or not a < b <= MAX_YEAR or (len(m["y2"]) == 4 and b - a > 50):
        return None
    return date(a, 1, 1), date(b, 12, 31), "range"


@rule(r"{MON} (?P<d1>\d{{1,2}}) ?(?:-|–|to|through|and) ?(?P<d2>\d{{1,2}})(?:,? {YEAR})?")
def _day_range(m: re.Match[str], ctx: Context) -> Interval | None:
    mon, d1, d2 = _mon(m), int(m["d1"]), int(m["d2"])
    first = _month_day(mon, d1, m["year"], None, ctx)
    end = _safe_date(first[0].year, mon, d2) if first else None
    return (first[0], end, "range") if first and end and d1 < d2 else None


@rule(r"(?:between|from) (?P<a>.+?) (?:and|to|through|until|till|-) (?P<b>.+)|(?P<a2>.+?) ?(?:-|–| to | through | until ) ?(?P<b2>.+)")
def _range(m: re.Match[str], ctx: Context) -> Interval | None:
    a_text, b_text = m["a"] or m["a2"], m["b"] or m["b2"]
    b = resolve(b_text, ctx)
    if b is None:
        return None
    a = resolve(a_text, ctx)
    if a is None and re.search(r"\d{4}$", b_text):
        a = resolve(f"{a_text} {b[0].year}", ctx)
    if a is None or a[0] > b[1] or (a[2] == "day" and b[2] != "day" and b[2] != "range"):
        return None
    return a[0], b[1], "range"


@cache
def _leading_words() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alt(words()['leading_words'])}) ")


@lru_cache(maxsize=16384)
def clean(text: str) -> str:
    """Lower case, single spaces, no leading prepositions or articles, no trailing punctuation.

    Cached: the same expressions recur within an article (resolved once per candidate article date) and
    across a corpus.
    """
    s = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip(" .,;:!?\"()")
    s = re.sub(r"^(?:the )?(?:morning|afternoon|evening|night) of ", "", s)
    s = re.sub(r"\bmid-(?=\S)", "mid ", s)
    lead = _leading_words()
    while (stripped := lead.sub("", s)) != s:
        s = stripped
    s = re.sub(r" of the (year|month|week)$", r" of this \1", s)
    return s.replace("  ", " ")


def _years_explicit(s: str, p: date | None) -> str:
    """"the first half of this year" -> "first half of 2023", so that year-bearing rules apply."""
    if p is not None and (m := re.fullmatch(r"(this|last|next) year's (.+)", s)):
        return f"{m[2]} {p.year + {'this': 0, 'last': -1, 'next': 1}[m[1]]}"
    m = re.fullmatch(r"(.+?),? (?:of )?(this|last|next) year", s)
    if p is None or not m or m[1] in ("earlier", "later", "the", "this time", "same time"):
        return s
    return s[:m.start(2)] + str(p.year + {"this": 0, "last": -1, "next": 1}[m[2]])


def resolve(text: str, ctx: Context) -> Interval | None:
    """The interval ``text`` denotes in this context, or None when it is no date (a duration, a count) or
    none in MIN_YEAR..MAX_YEAR ("a hundred years ago" in 1750)."""
    if ctx.published is not None and _anchor(ctx.published) is None:
        ctx = Context(None, ctx.tense)
    s = _years_explicit(clean(text), ctx.published)
    if not s or len(s) > _MAX_CHARS:
        return None
    for pattern, fn in _RULES:
        m = pattern.fullmatch(s)
        if m:
            iv = _within(fn(m, ctx))
            if iv is not None:
                return iv
    return None


def normalise(text: str, published: Any = None, tense: str = "past") -> tuple[pd.Timestamp, pd.Timestamp, str] | None:
    """``text`` as ``(date_start, date_end, precision)`` against an article date and a tense, or None."""
    p = pd.Timestamp(published).date() if published is not None and not pd.isna(published) else None
    iv = resolve(text, Context(p, tense))
    return (pd.Timestamp(iv[0]), pd.Timestamp(iv[1]), iv[2]) if iv else None


# ---------------------------------------------------------------------------------------------- finding and tense

def _finder() -> re.Pattern[str]:
    w = words()
    mon = _alt([k.capitalize() for k in w["months"] if k != "may"] + ["May"])
    wd = _alt([k.capitalize() for k in w["weekdays"] if len(k) > 3])
    num = _alt(w["numbers"])
    yr = r"(?:1[89]\d\d|20\d\d)"
    rel_year = r"(?:this|last|next|the) (?:year|month|week|decade)"
    parts = r"(?:early|mid|late|the (?:beginning|start|middle|end|close) of)"
    alternatives = [
        rf"(?:(?:last|this|next) )?(?:{wd},? )?(?:{mon})\.? \d{{1,2}}(?:st|nd|rd|th)?(?: ?[-–] ?\d{{1,2}})?(?:,? {yr})?",
        rf"(?:{wd},? )?\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{mon})\.?(?:,? {yr})?",
        rf"(?:{mon})\.?,? (?:{yr}|(?:of )?(?:this|last|next) year)",
        rf"(?:(?:last|this|next|past|coming) )?(?:{wd})(?:'s)?(?: (?:morning|afternoon|evening|night))?",
        rf"(?:(?:in|since|until|by|last|next|this|during|early|late|mid-|before|after) )(?:{mon})\b",
        rf"{parts}[- ]?(?:(?:{mon})\.?(?:,? {yr})?|{yr}s?|the {yr}s|{rel_year})",
        rf"(?:the )?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter|Q[1-4])(?:,?(?: of)? (?:{yr}|this year|last year|next year))?",
        rf"(?:the )?(?:first|second|1st|2nd|latter)[- ]half(?: of)? (?:{yr}|this year|last year|next year|the year)",
        rf"(?:last|this|next|early|late|in|the|in the|by|since|during) (?:spring|summer|autumn|winter|fall)(?:(?: of)? {yr})?",
        r"(?i:(?:today|tonight|yesterday|tomorrow)(?:'s)?(?: (?:morning|afternoon|evening|night))?)",
        r"(?i:(?:last|this|next|past|coming) (?:week|month|year|weekend|quarter))",
        r"the (?:latest |current |most recent )?(?:fiscal )?quarter(?! of)",
        r"(?i:(?:this|last|next) year's (?:(?:first|second|third|fourth)[- ](?:quarter|half)|spring|summer|fall|autumn|winter))",
        r"(?i:(?:earlier|later) this (?:week|month|year))",
        r"(?i:now|currently|nowadays|at present|at the moment)",
        rf"(?i:{_alt(w['vague'])})",
        r"(?i:(?:the )?(?:comparable )?(?:year-earlier|year-ago)(?: [a-z]+)? (?:quarter|period)|year-earlier|year-ago)",
        rf"(?i:(?:\d+|{num}) (?:days?|weeks?|months?|years?) (?:earlier|later))",
        rf"(?:\d+|{num}) (?:days?|weeks?|months?|years?|decades?) (?:ago|from now)",
        rf"between {yr} and {yr}|from {yr} (?:to|through|until) {yr}|{yr}[-–](?:\d\d|{yr})",
        r"(?:the )?(?:early |mid-|mid |late )?(?:1[89]\d0s|20\d0s|'\d0s)",
        rf"(?:in|since|by|until|during|before|after|fiscal|early|late|mid-|of) {yr}",
        rf"(?:{mon})'s",
        r"(?i:(?:around |by |at )?year[- ]end)",
        rf"(?:{_alt([h.title() for h in w['holidays']])})",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")(?![\w-])")


_FINDER: list[re.Pattern[str]] = []


def _finder_spans(text: str) -> list[tuple[int, int]]:
    if not _FINDER:
        _FINDER.append(_finder())
    return [(m.start(), m.end()) for m in _FINDER[0].finditer(text)]


_LEAD = re.compile(r"^(?:(?:on|in|at|by|since|until|till|during|before|after|around|about|as of|through|throughout|"
                   r"for|of|over|within|from|fiscal)\s+)+", re.IGNORECASE)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without leading prepositions and trailing punctuation or possessive 's."""
    span = text[start:end]
    if (m := _LEAD.match(span)) and m.end() < len(span):
        start += m.end()
    while end > start and text[end - 1] in " .,;:'\"":
        if text[end - 1] == "." and re.search(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$", text[start:end]):
            break  # keep the dot of "Sept."
        end -= 1
    if text[start:end].endswith("'s"):
        end -= 2
    return start, end


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_MODALS = {"must", "should", "can", "may", "might", "could", "would", "ca", "need"}
_FORWARD_PREPS = {"by", "until", "till", "through", "effective", "before", "starting", "beginning", "from", "to"}


def governing_verb(span: Span) -> Any:
    """The verb a temporal expression depends on (walking up through nouns and prepositions), or None."""
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok is not span.root:
            return tok
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def clause_tense(span: Span) -> str:
    """"past", "present" or "future": the tense of the verb that governs ``span``.

    Future when the verb or a verb it depends on carries will/shall or a plan word ("plans to", "is expected
    to"); past for past and perfect forms; "present" also stands for "unknown" (modals, infinitives,
    deadlines after "by"/"until"), which resolves to the nearest occurrence.
    """
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in ("'s", "'"):
        return "past"  # "Friday's ruling", "Thursday's closing price"
    if span.root.dep_ in ("compound", "nmod", "amod", "nummod"):
        return "present"  # "the Jan. 14 deadline": the noun's time, not the verb's
    verb = governing_verb(span)
    if verb is None:
        return "present"
    cues = set(words()["future_cues"])
    forward = span.start > 0 and doc[span.start - 1].lower_ in _FORWARD_PREPS
    node = verb
    for _ in range(4):
        auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & _FUTURE_AUX:
            return "future"
        if node.lemma_.lower() in cues and node.lemma_.lower() not in ("would", "want"):
            return "future" if node is not verb and node.tag_ != "VBD" else "present"
        if lowers & _MODALS:
            return "past" if "have" in {a.lemma_ for a in auxes} and node.tag_ == "VBN" else "present"
        if "to" in lowers and node.tag_ == "VB":
            if node.head is not node and node.head.lemma_.lower() in cues:
                return "future"
            return "present"
        past = node.tag_ == "VBD" or any(a.morph.get("Tense") == ["Past"] or a.lemma_ == "have" for a in auxes)
        if past or (node.tag_ == "VBN" and not auxes and node.dep_ in ("acl", "relcl", "ROOT", "conj", "ccomp", "advcl")):
            return "present" if forward else "past"
        if node.tag_ in ("VBZ", "VBP") or node.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "acl") \
                or node.head is node:
            break
        node = node.head
    return "present"


_DATE_LABELS = ("DATE", "TIME")


def candidate_spans(doc: Doc, *, text: str | None = None) -> list[Span]:
    """Possible temporal expressions: model entities and pattern matches, each trimmed of prepositions.

    ``text`` is ``doc.text`` when the caller has it (``Doc.text`` joins every token on each access).
    """
    spans: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _DATE_LABELS]
    text = doc.text if text is None else text
    spans += _finder_spans(text)
    out: dict[tuple[int, int], Span] = {}
    for s, e in spans:
        s, e = _trim(text, s, e)
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span) and (span.start_char, span.end_char) not in out:
            out[(span.start_char, span.end_char)] = span
    return sorted(out.values(), key=lambda sp: (sp.start_char, -sp.end_char))


def _look_alike(span: Span) -> bool:
    """Look-alikes that are no dates: counts and amounts ("1995 people", "$1990"), clock times ("2005 GMT"),
    names ("the Today programme") and events named after a season ("the fall of the Berlin Wall")."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if span.text == "Today" and prev is not None and (prev.is_alpha or prev.lower_ in ("'s", "’s")) \
            and prev.i >= span.sent.start:
        return True  # "BBC Radio 4's Today programme", "USA Today"
    last = span[-1].lower_
    if last in words()["seasons"] and nxt is not None and nxt.lower_ == "of" and span.end + 1 < len(span.doc) \
            and not span.doc[span.end + 1].like_num:
        return True  # "the fall of the Berlin Wall"
    if not re.fullmatch(r"\d{4}", span.text):
        return False
    if nxt is not None and nxt.text in ("GMT", "BST", "EST", "EDT", "PST", "PDT", "UTC", "CET", "hours", "hrs", "ET"):
        return True  # "at 2005 GMT"
    noun_after = nxt is not None and nxt.tag_ in ("NNS", "NNPS") and nxt.dep_ != "npadvmod" and \
        nxt.lower_ not in ("elections", "olympics", "games")
    return noun_after or (prev is not None and prev.text in ("$", "#", "No.", "number"))


_RELATIVE_TO_TEXT = re.compile(r"\b(?:previous|following|preceding|same|that|those|prior|subsequent)\b", re.IGNORECASE)


def _anchored_pattern() -> re.Pattern[str]:
    num = _alt(words()["numbers"])
    return re.compile(rf"(?P<n>\d+|{num}) (?P<unit>day|week|month|year)s? (?P<dir>earlier|later|ago)|"
                      r"(?:comparable )?(?P<ya>year-earlier|year-ago|year earlier)(?: (?:[a-z]+ )?(?:quarter|period))?")


_ANCHORED: list[re.Pattern[str]] = []


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


def _resolve_anchored(span: Span, m: re.Match[str], before: list[tuple[Span, Interval]], p: date | None,
                      sent_index: dict[int, int]) -> Interval | None:
    """"a year earlier", "two days later", "the year-ago quarter": shifted from the last date mentioned before
    (same or previous sentence); "a year ago" next to a quarter means that quarter a year before."""
    here = sent_index.get(span.sent.start, 0)
    refs = [(sp, iv) for sp, iv in before if sp.start_char < span.start_char and iv[2] != "range"
            and here - sent_index.get(sp.sent.start, 0) <= 1]
    quarters = [iv for sp, iv in before if sp.start_char < span.start_char and iv[2] in ("quarter", "half")
                and here - sent_index.get(sp.sent.start, 0) <= 2]
    if m["ya"]:
        ref = quarters[-1] if quarters else _shift_quarter(p, -1) if p else None
        return _shift(ref, "year", -1) if ref else None
    n = int(m["n"]) if m["n"].isdigit() else words()["numbers"][m["n"]]
    n = -n if m["dir"] in ("earlier", "ago") else n
    if quarters and m["unit"] == "year" and n == -1:
        return _shift(quarters[-1], "year", n)
    if m["dir"] == "ago":
        return resolve(span.text, Context(p, "past"))
    return _shift(refs[-1][1], m["unit"], n) if refs else None


@dataclass(frozen=True)
class Candidate:
    """A possible temporal expression with what does not depend on the article date, worked out once."""

    span: Span
    text: str
    look_alike: bool
    anchored: re.Match[str] | None  # "two days later": resolved from the dates before it
    tense: str
    relative: bool  # "the previous Friday": relative to the text, so nothing inside it resolves alone


@dataclass(frozen=True)
class Candidates:
    """Every candidate of one Doc, its text and sentence numbers: shared by the article-date inference and
    :func:`doc_dates`, which resolve the same expressions against up to three dates."""

    text: str
    sent_index: dict[int, int]
    items: tuple[Candidate, ...]


def candidates(doc: Doc) -> Candidates:
    """The candidates of ``doc`` (see :class:`Candidates`)."""
    if not _ANCHORED:
        _ANCHORED.append(_anchored_pattern())
    text = doc.text  # Doc.text joins every token on each access: read it once
    items = []
    for span in candidate_spans(doc, text=text):
        span_text = span.text
        if _look_alike(span):
            items.append(Candidate(span, span_text, True, None, "", False))
            continue
        s = clean(span_text)
        anchored = _ANCHORED[0].fullmatch(s) if len(s) <= _MAX_CHARS else None
        items.append(Candidate(span, span_text, False, anchored, clause_tense(span),
                               bool(_RELATIVE_TO_TEXT.search(span_text))))
    return Candidates(text, {s.start: i for i, s in enumerate(doc.sents)}, tuple(items))


def doc_dates(doc: Doc, article_id: str, published: pd.Timestamp | None, *,
              found_in: Candidates | None = None) -> list[dict[str, Any]]:
    """Temporal expressions of one article, normalised against ``published``.

    Without a publication date only self-contained expressions ("August 31, 2023", "2022") resolve.
    ``found_in`` is :func:`candidates` of ``doc`` when the caller already has them.
    """
    prepared = found_in if found_in is not None else candidates(doc)
    p = _anchor(pd.Timestamp(published).date()) if published is not None and not pd.isna(published) else None
    sent_index = prepared.sent_index
    found: list[tuple[Span, Interval]] = []
    anchored: list[tuple[Span, re.Match[str]]] = []
    blocked: list[Span] = []
    tense: dict[tuple[int, int], str] = {}
    for cand in prepared.items:
        if cand.look_alike:
            continue
        span = cand.span
        tense[span.start_char, span.end_char] = cand.tense
        if cand.anchored:
            anchored.append((span, cand.anchored))
            continue
        iv = resolve(cand.text, Context(p, cand.tense))
        if iv is not None:
            found.append((span, iv))
        elif cand.relative:
            blocked.append(span)
    # "the previous Friday" is no Friday the article date can find: nor is the "Friday" inside it
    found = [(sp, iv) for sp, iv in found
             if not any(b.start_char <= sp.start_char and sp.end_char <= b.end_char for b in blocked)]
    chosen = _non_overlapping(found)
    references = list(chosen)
    for span, m in anchored:
        if any(span.start_char < c.end_char and c.start_char < span.end_char for c, _ in chosen):
            continue
        iv = _within(_resolve_anchored(span, m, references, p, sent_index))
        if iv is not None:
            chosen = sorted([*chosen, (span, iv)], key=lambda f: f[0].start_char)
    return [{"article_id": article_id, "sentence": sent_index.get(span.sent.start, 0), "start": span.start_char,
             "end": span.end_char, "text": span.text, "date_start": pd.Timestamp(iv[0]),
             "date_end": pd.Timestamp(iv[1]), "precision": iv[2], "tense": tense[span.start_char, span.end_char]}
            for span, iv in chosen]


def _non_overlapping(found: list[tuple[Span, Interval]]) -> list[tuple[Span, Interval]]:
    """The longest expressions first, then whatever does not overlap them, in text order."""
    chosen: list[tuple[Span, Interval]] = []
    for span, iv in sorted(found, key=lambda f: (-(f[0].end_char - f[0].start_char), f[0].start_char)):
        if all(span.end_char <= c.start_char or span.start_char >= c.end_char for c, _ in chosen):
            chosen.append((span, iv))
    return sorted(chosen, key=lambda f: f[0].start_char)


# ---------------------------------------------------------------------------------------------- article date

_DATELINE_CHARS = 150
# what follows the date of a dateline: "(AP) —", "--", a line break, or nothing
_DATELINE_END = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:--|—|–|-|_|:|\n|$)")


def infer_published(doc: Doc, title: str = "", *, found_in: Candidates | None = None) -> tuple[pd.Timestamp | None, str]:
    """The article's date inferred from its text, or None with the reason nothing supports one.

    A full date in the dateline or the headline wins. Otherwise the article is dated on the latest day that a
    past-tense clause reports (it cannot predate what it reports): a full date ("May 28, 2016"), or a month
    and day whose year is the latest year the past-tense clauses name, when that year is corroborated, by a
    weekday that agrees ("Friday, September 8" is 2023, not 2022) or by a full date of the same year. A bare
    year is too weak: on news_cluster (bench/published.py) accepting it gave 14 more dates, 12 of them off by
    more than a month. Present and future clauses ("pundits are betting on 5 May") date nothing here.
    ``found_in`` is :func:`candidates` of ``doc`` when the caller already has them.
    """
    for s, e in _finder_spans(title or ""):
        s, e = _trim(title, s, e)
        iv = resolve(title[s:e], Context(None))
        if iv and iv[2] == "day":
            return pd.Timestamp(iv[0]), f"date in the headline {title[s:e]!r}"
    prepared = found_in if found_in is not None else candidates(doc)
    absolute = doc_dates(doc, "", None, found_in=prepared)
    text = prepared.text
    for row in absolute:
        after = text[row["end"]:row["end"] + 60]
        if row["start"] < _DATELINE_CHARS and row["precision"] == "day" and _DATELINE_END.match(after):
            return row["date_start"], f"dateline {row['text']!r}"
    years = [r["date_end"].year for r in absolute if r["tense"] == "past"]
    days = [r for r in absolute if r["precision"] == "day" and r["tense"] == "past"]
    if years:
        latest_year = max(years)
        anchor = pd.Timestamp(date(latest_year, 12, 31))
        known = {(r["start"], r["end"]) for r in days}
        for row in doc_dates(doc, "", anchor, found_in=prepared):
            if row["precision"] == "day" and row["tense"] == "past" and (row["start"], row["end"]) not in known \
                    and _anchored(row["text"]) and row["date_start"].year >= latest_year - 1 \
                    and (_has_weekday(row["text"]) or any(r["date_start"].year == row["date_start"].year for r in days)):
                days.append(row)
    if days:
        best = max(days, key=lambda r: r["date_start"])
        return best["date_start"], f"latest dated past event {best['text']!r}"
    if years:
        return None, f"no date in the metadata, and the text names only years (latest {max(years)}), too vague for a day"
    return None, "no date in the metadata and none in the text"


def _has_weekday(text: str) -> bool:
    return bool(re.search(rf"\b(?:{_alt(words()['weekdays'])})\b", text.lower()))


def _anchored(text: str) -> bool:
    """Month-day expressions that need only a year, not the article date ("September 8", not "Friday")."""
    s = clean(text)
    months = _alt(words()["months"])
    return bool(re.search(rf"\b(?:{months})\.? \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{months})\b", s))
