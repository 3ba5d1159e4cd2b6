"""Stand-ins for the engine's worker functions, for tests that kill worker processes.

Kept apart from the test modules so that a spawned worker imports nothing heavy.
"""

from __future__ import annotations

import os
from typing import Any


def no_model(*_: Any) -> None:
    """An initializer that loads nothing."""


def cannot_start(*_: Any) -> None:
    """An initializer that fails, as a worker that cannot load the model would."""
    raise RuntimeError("no model here")


def work(records: list[dict[str, Any]]) -> list[tuple[str, str, bytes, None]]:
    """``b"ok"`` for each record; a record whose text says CRASH kills its worker process outright."""
    if any("CRASH" in rec["text"] for rec in records):
        os._exit(1)
    return [(rec["key"], rec["article_id"], b"ok", None) for rec in records]
