"""Every setting of Dossier, read from the environment in one place.

The dashboard copies ``st.secrets`` into the environment before it reads these, so
a hosted deployment and a shell use the same names (see the README's table).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


class SettingsError(ValueError):
    """A setting has a value Dossier cannot use; the message says what to change."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = _env(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a whole number; set it to e.g. {default}") from exc
    if value < minimum:
        raise SettingsError(f"{name}={value} must be at least {minimum}")
    return value


def _float(name: str, default: float) -> float:
    raw = _env(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a number; set it to e.g. {default}") from exc


def _bool(name: str, default: bool = False) -> bool:
    raw = _env(name).lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}={raw!r} should be 1 or 0")


def _paths(name: str) -> list[str]:
    raw = _env(name)
    return [p for p in raw.split(os.pathsep) if p.strip()] if raw else []


ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Dossier's settings; ``Settings.from_env()`` reads the ``DOSSIER_*`` variables."""

    corpus: list[str] = field(default_factory=lambda: [str(ROOT / "seeds")])
    store: str = ""
    spacy_model: str = ""
    n_process: int = 0  # 0: every core this process may use
    batch_size: int = 32
    max_file_mb: float = 20.0
    alias_file: str = ""
    readonly: bool = False
    upload_max_mb: float = 20.0
    upload_max_files: int = 50

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            corpus=_paths("DOSSIER_CORPUS") or [str(ROOT / "seeds")],
            store=_env("DOSSIER_STORE"),
            spacy_model=_env("DOSSIER_SPACY_MODEL"),
            n_process=_int("DOSSIER_N_PROCESS", 0, minimum=0),
            batch_size=_int("DOSSIER_BATCH_SIZE", 32, minimum=1),
            max_file_mb=_float("DOSSIER_MAX_FILE_MB", 20.0),
            alias_file=_env("DOSSIER_ALIAS_FILE"),
            readonly=_bool("DOSSIER_READONLY"),
            upload_max_mb=_float("DOSSIER_UPLOAD_MAX_MB", 20.0),
            upload_max_files=_int("DOSSIER_UPLOAD_MAX_FILES", 50, minimum=1),
        )


ENV_NAMES: dict[str, str] = {f.name: "DOSSIER_" + f.name.upper() for f in fields(Settings)}


@dataclass(frozen=True)
class Grouping:
    """How articles, event rows and quotes that report the same thing are grouped (``analysis.stories``).

    Tuned on ``../shared/corpus/news_cluster`` (``bench/stories.py``). A change of any value regroups a
    store's articles from scratch on its next build; otherwise a rebuild keeps every id it gave before.
    """

    # Stories: an article joins a story already placed when its similarity to the story reaches the threshold:
    # half its similarity to the story's nearest member, half its mean similarity to all the members (a story
    # is not pulled in by one neighbour alone). The similarity of two articles blends the TF-IDF cosine of
    # their bodies (words and two-word phrases in ``body_min_df`` articles or more) with that of their
    # headlines (``title_weight``) and of the actors they mention (``actor_weight``); a body shorter than
    # ``short_body_words`` (a video page, a paywall notice, site furniture) hands its weight to the headline in
    # proportion. Within ``window_days`` of the story's article nearest in time the threshold is
    # ``story_threshold``; beyond, it rises with the log of the gap by ``story_slope`` a step, up to
    # ``story_far_threshold`` (a follow-up months later must say more). Tuned on the dev half of news_cluster.
    window_days: int = 7
    story_threshold: float = 0.12
    story_slope: float = 0.03
    story_far_threshold: float = 0.45
    title_weight: float = 0.3
    actor_weight: float = 0.0
    nearest_weight: float = 0.5
    short_body_words: int = 100
    body_ngrams: int = 2
    body_min_df: int = 2
    # Near-identical copies (duplicate_of): Jaccard of 5-word shingles of the body; under the same headline, a
    # version updated with more paragraphs overlaps less and is a copy all the same. A body shorter than
    # ``duplicate_min_words`` is no copy by its text alone ("Chat with us in Facebook Messenger" under two headlines).
    duplicate_threshold: float = 0.8
    duplicate_min_words: int = 30
    duplicate_threshold_same_title: float = 0.5
    # Event rows: two reports of one happening agree on a one-day date within a day (time zones) or on the
    # same longer interval; a one-day report up to ``event_slack_days`` off stays in the group and is flagged
    # ``date_disagrees`` when the rest of it matches. Dates coarser than ``event_max_span_days`` (a year, a
    # half) group only by a near-identical sentence (``event_sentence_threshold``, Jaccard of 3-word shingles).
    event_slack_days: int = 2
    event_max_span_days: int = 31
    event_sentence_threshold: float = 0.6
    # Two rows of one story typed "other" with different verbs are one happening when their sentences are alike
    # (TF-IDF cosine of their words) and the rest matches.
    event_words_threshold: float = 0.3
    # Quotes: Jaccard of 3-word shingles of the words, by the same speaker.
    quote_threshold: float = 0.6
    # A quote this long or longer whose words are inside a longer one, same speaker and story, is that one trimmed.
    quote_min_words_trimmed: int = 6
    # Quotes without a known speaker group only when their words are identical and at least this long.
    quote_min_words_unattributed: int = 8


# The default grouping thresholds, as one value for argument defaults.
DEFAULT_GROUPING = Grouping()
