"""Text and its context -> the interval of days it denotes: the rule table, :func:`resolve` and :func:`normalise`.

A rule is a pattern over the cleaned text (lower case, no leading "on"/"in"/"the") and a function of the match
and the :class:`Context`: "on Friday" in a past-tense clause is the Friday before publication, in a future one
the next. Rules are tried in order and the first that gives an interval wins. Durations, ages and counts ("two
years", "75th anniversary") resolve to nothing. Pure: no spaCy here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from analysis.dates.intervals import (
    MAX_YEAR,
    MIN_YEAR,
    Context,
    Interval,
    _add_months,
    _anchor,
    _day,
    _half,
    _month,
    _nth_weekday,
    _period,
    _pick_year,
    _quarter,
    _safe_date,
    _season,
    _shift_quarter,
    _sub_part,
    _too_far,
    _week,
    _weekday,
    _within,
    _year,
    _year_value,
)
from analysis.dates.words import alternation, words

MAX_CHARS = 60  # no temporal expression is longer (nor any count in one too long for int())


def _regexes() -> dict[str, str]:
    w = words()
    return {
        "MON": rf"(?P<mon>{alternation(w['months'])})\.?",
        "WD": rf"(?P<wd>{alternation(w['weekdays'])})\.?",
        "DAY": r"(?P<day>\d{1,2})(?:st|nd|rd|th)?",
        "YEAR": r"(?P<year>\d{4}|'\d\d)",
        "NUM": rf"(?P<n>\d+|{alternation(w['numbers'])})",
        "ORD": rf"(?P<ord>{alternation(w['ordinals'])})",
        "SEASON": rf"(?P<season>{alternation(w['seasons'])})",
        "REL": rf"(?P<rel>{alternation(w['relative_words'])})",
    }


def _pat(template: str) -> re.Pattern[str]:
    w = words()
    names = {**_regexes(), "holidays": alternation(w["holidays"]), "present": alternation(w["present_ref"]),
             "days": alternation(w["relative_days"]),
             "vague": alternation({k.removeprefix("the ") for k in w["vague"]}),
             "parts": alternation(w["parts"])}
    out = re.sub(r"(?<!\{)\{([A-Za-z]+)\}(?!\})", lambda m: names[m[1]], template)
    return re.compile(out.replace("{{", "{").replace("}}", "}"))


Handler = Callable[[re.Match[str], Context], Interval | None]
_RULES: list[tuple[re.Pattern[str], Handler]] = []


def rule(template: str) -> Callable[[Handler], Handler]:
    """Adds the decorated function to the rule table, for text that fully matches ``template``; names in braces
    ({MON}, {YEAR}, {holidays}) stand for the vocabulary's words. Rules are tried in the order they are defined."""
    def register(fn: Handler) -> Handler:
        _RULES.append((_pat(template), fn))
        return fn
    return register


def _mon(m: re.Match[str]) -> int:
    return words()["months"][m["mon"]]


def _rel(m: re.Match[str]) -> str:
    """What the relative word before a name means: last, this, next, latest or same ("" when none)."""
    rel = (m.groupdict().get("rel") or "").strip()
    return words()["relative_words"].get(rel, rel)


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


@rule(r"(?P<word>{days})(?:'s)?(?: (?:morning|afternoon|evening|night))?")
def _rel_day(m: re.Match[str], ctx: Context) -> Interval | None:
    return _day(ctx.published + timedelta(days=words()["relative_days"][m["word"]])) if ctx.published else None


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
    return re.compile(rf"^(?:{alternation(words()['leading_words'])}) ")


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
    if not s or len(s) > MAX_CHARS:
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
