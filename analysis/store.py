"""Reading and writing a built analysis to disk (one file per frame, Parquet or CSV)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import schema

FORMATS = ("parquet", "csv")


def write_frames(frames: dict[str, pd.DataFrame], out: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every frame as ``out/<name>.<fmt>``; list columns are joined with ``|`` in CSV."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use parquet or csv")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in schema.FRAMES:
        df = schema.frame(name, frames.get(name, schema.empty(name)))
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            flat = df.copy()
            for col in schema.list_columns(name):
                flat[col] = flat[col].map(lambda v: "|".join(map(str, v)))
            flat.to_csv(path, index=False)
        else:
            df.to_parquet(path, index=False)
        written.append(path)
    return written


def read_frames(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Frames written by :func:`write_frames`, in their contract dtypes."""
    folder = Path(folder)
    frames = {}
    for name in schema.FRAMES:
        parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        if parquet.exists():
            df = pd.read_parquet(parquet)
            for col in schema.list_columns(name):
                df[col] = df[col].map(lambda v: list(v) if v is not None else [])
        elif csv.exists():
            df = pd.read_csv(csv, dtype=str, keep_default_na=False)
            for col in schema.list_columns(name):
                df[col] = df[col].map(lambda v: v.split("|") if v else [])
            for col, dtype in schema.COLUMNS[name].items():
                if dtype == schema.BOOL and col in df:
                    df[col] = df[col].map({"True": True, "False": False, "": None})
        else:
            df = schema.empty(name)
        frames[name] = schema.frame(name, df)
    return frames
