"""Settings for the dashboard: ``st.secrets`` and environment variables, one set of names.

Streamlit Community Cloud has no shell, only a secrets box; a secret named like an
environment variable (``DOSSIER_READONLY = true``) or like the setting (``readonly = true``,
also inside a ``[dossier]`` table) is copied into the environment unless the environment
already sets it, then :meth:`Settings.from_env` reads everything in one place.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import streamlit as st

from analysis.settings import ENV_NAMES, Settings, SettingsError


def _as_env(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return os.pathsep.join(str(v) for v in value)
    return str(value)


def _lookup(secrets: Mapping[str, Any], field: str, env_name: str) -> tuple[bool, Any]:
    tables = [secrets]
    nested = secrets.get("dossier") if hasattr(secrets, "get") else None
    if isinstance(nested, Mapping):
        tables.append(nested)
    for table in tables:
        for key in (env_name, field, env_name.lower()):
            if key in table and not isinstance(table[key], Mapping):
                return True, table[key]
    return False, None


def copy_secrets(secrets: Mapping[str, Any], environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Copy Dossier's settings found in ``secrets`` into ``environ`` where it has none; the names copied."""
    environ = os.environ if environ is None else environ
    copied = []
    for field, env_name in ENV_NAMES.items():
        found, value = _lookup(secrets, field, env_name)
        if found and not environ.get(env_name, "").strip():
            environ[env_name] = _as_env(value)
            copied.append(env_name)
    return copied


def check(settings: Settings, *, max_upload_mb: float | None = None) -> Settings:
    """``settings`` if what it names exists and fits the server; else a SettingsError saying what to change."""
    if settings.store:
        store = Path(settings.store)
        if not store.is_dir():
            raise SettingsError(f"DOSSIER_STORE={settings.store!r} is not a folder; point it at the folder "
                                "written by `python -m analysis build <corpus> --out <folder>`")
        if not any((store / f"articles.{ext}").is_file() for ext in ("parquet", "csv")):
            raise SettingsError(f"DOSSIER_STORE={settings.store!r} holds no articles.parquet or articles.csv; "
                                "build it with `python -m analysis build <corpus> --out <folder>`")
    else:
        if not any(Path(p).exists() for p in settings.corpus):
            shown = os.pathsep.join(settings.corpus)
            raise SettingsError(f"DOSSIER_CORPUS={shown!r} names no existing file or folder; "
                                "set it to the folder of your articles")
        _check_model(settings.spacy_model)
    if settings.alias_file:
        if not Path(settings.alias_file).is_file():
            raise SettingsError(f"DOSSIER_ALIAS_FILE={settings.alias_file!r} is not a file; "
                                "set it to your alias CSV (alias,canonical,type) or leave it empty")
        from analysis.actors import read_alias_file

        read_alias_file(settings.alias_file)  # raises SettingsError naming the bad line
    for name, value in (("DOSSIER_UPLOAD_MAX_MB", settings.upload_max_mb), ("DOSSIER_MAX_FILE_MB", settings.max_file_mb)):
        if not value > 0:
            raise SettingsError(f"{name}={value:g} must be above 0; set it to e.g. 20")
    if max_upload_mb is not None and settings.upload_max_mb > max_upload_mb:
        raise SettingsError(f"DOSSIER_UPLOAD_MAX_MB={settings.upload_max_mb:g} is above Streamlit's "
                            f"server.maxUploadSize of {max_upload_mb:g} MB; lower it or raise maxUploadSize in "
                            ".streamlit/config.toml (or STREAMLIT_SERVER_MAX_UPLOAD_SIZE)")
    return settings


def _check_model(model: str) -> None:
    """A model named in the settings must be installed: a typo must not quietly fall back to another model."""
    import importlib.util

    from analysis.nlp import INSTALL_HINT, ModelNotFound, find_model

    if model and importlib.util.find_spec(model) is None:
        raise SettingsError(f"DOSSIER_SPACY_MODEL={model!r} is not an installed spaCy model package; "
                            f"install it with pip or leave the setting empty for the default ({INSTALL_HINT})")
    try:
        find_model(model)
    except ModelNotFound as exc:
        raise SettingsError(str(exc)) from exc


def settings_from(secrets: Mapping[str, Any], *, max_upload_mb: float | None = None) -> Settings:
    """Settings from ``secrets`` and the environment, checked; raises SettingsError on a bad value."""
    copy_secrets(secrets)
    return check(Settings.from_env(), max_upload_mb=max_upload_mb)


def _secrets() -> Mapping[str, Any]:
    """``st.secrets`` when a secrets file exists, else nothing (a missing file is normal)."""
    try:
        return st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    except Exception as exc:  # a broken secrets.toml is a bad setting, said plainly
        raise SettingsError(f".streamlit/secrets.toml cannot be read ({exc}); fix or remove it") from exc


def load_settings() -> Settings:
    """The dashboard's settings; a bad one stops the page with one sentence saying what to change."""
    try:
        return settings_from(_secrets(), max_upload_mb=float(st.get_option("server.maxUploadSize")))
    except SettingsError as exc:
        st.error(f"Dossier cannot start: {exc}.")
        st.stop()
        raise  # st.stop() raises; this line only satisfies type checkers
