"""The language-neutral vectors of docs/schemas/conformance, which the Java protocol module runs too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chorus_agent import MalformedEnvelope, ProgressEnvelope, ReplyEnvelope, TaskEnvelope

VECTORS = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "conformance"
MODELS = {"task": TaskEnvelope, "reply": ReplyEnvelope, "progress": ProgressEnvelope}


def vectors():
    for kind in MODELS:
        for file in sorted((VECTORS / kind).glob("*.json")):
            yield pytest.param(kind, json.loads(file.read_text()), id=f"{kind}/{file.stem}")


def test_there_are_vectors_of_every_kind():
    for kind in MODELS:
        assert len(list((VECTORS / kind).glob("*.json"))) >= 10, kind


@pytest.mark.parametrize("kind,vector", list(vectors()))
def test_vector(kind, vector):
    model = MODELS[kind]
    if vector["valid"]:
        envelope = model.from_fields(vector["fields"])
        known = {f.alias or name for name, f in model.model_fields.items()}
        assert envelope.to_fields() == {k: v for k, v in vector["fields"].items() if k in known}
    else:
        with pytest.raises(MalformedEnvelope) as refused:
            model.from_fields(vector["fields"])
        assert str(refused.value).startswith(f"malformed {kind}: ")
        assert vector["reason"] in str(refused.value)
