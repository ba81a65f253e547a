"""ONNX Runtime for the embedder and the reading model (``BRIEFING_INFERENCE=onnx``): the
graphs ``tools.export_onnx`` writes agree with torch, and a missing or stale export is
named in a warning while torch runs instead."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from service.config import Settings
from service.corpus.embed import LocalEmbeddings, OnnxEmbeddings
from service.onnx_runtime import PRECISION, OnnxEncoder, export_problem, onnx_models_dir
from service.verify.reader import ReadingModel, load_reading_model, packaged_model_dir
from tools.export_onnx import export, sources

SENTENCES = [
    "Five of the 17 recognised abductees returned to Japan on 15 October 2002.",
    "The DPRK agreed to set up a Special Investigation Committee.",
    "Rice prices rose in Osaka during the summer festival.",
]
PAIRS = [
    ("Who chaired the committee?", "So Tae Ha chaired the Special Investigation Committee."),
    ("Who chaired the committee?", "Rice prices rose in Osaka during the summer."),
    (SENTENCES[0], "Five of the 17 recognised abductees did not return to Japan."),
]


@pytest.fixture(scope="session")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export ``make install`` wrote, or a fresh one where it is missing or stale."""
    found = onnx_models_dir()
    stale = [
        kind
        for kind, folder in sources().items()
        if export_problem(found / kind, folder / "model.safetensors", "int8")
    ]
    if not stale:
        return found
    out = tmp_path_factory.mktemp("onnx")
    for kind, folder in sources().items():
        export(kind, folder, out / kind)
    return out


@pytest.mark.parametrize(("precision", "least"), [("fp32", 0.9999), ("int8", 0.99)])
def test_onnx_embeddings_agree_with_torch(
    graphs: Path, embedder: LocalEmbeddings, precision: str, least: float
) -> None:
    onnx = np.array(
        OnnxEmbeddings(OnnxEncoder(graphs / "embedder", precision)).embed_documents(SENTENCES)
    )
    torch = np.array(embedder.warm_up().embed_documents(SENTENCES))
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-4)
    assert (onnx * torch).sum(axis=1).min() >= least


# Per pair, int8 moves a probability by up to about 0.05 (0.053 seen); what must hold
# within 0.01 is the held-out figures, which bench/onnx_speed.py measures.
@pytest.mark.parametrize(("precision", "most"), [("fp32", 1e-4), ("int8", 0.1)])
def test_onnx_reader_agrees_with_torch(graphs: Path, precision: str, most: float) -> None:
    torch = load_reading_model()
    onnx = ReadingModel(packaged_model_dir(), onnx_folder=graphs / "reader")
    onnx._onnx = OnnxEncoder(graphs / "reader", precision)
    got, want = onnx.probabilities(PAIRS), torch.probabilities(PAIRS)
    assert np.allclose(got.sum(axis=1), 1.0, atol=1e-4)
    assert np.abs(got - want).max() <= most
    assert (got.argmax(axis=1) == want.argmax(axis=1)).all()


def test_settings_choose_the_runtime(graphs: Path, tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).onnx_folder("reader") is None
    settings = Settings(data_dir=tmp_path, inference="onnx", onnx_models_path=graphs)
    reader = load_reading_model(None, settings.onnx_folder("reader"))
    assert reader.runtime == f"onnx-{PRECISION['reader']}"
    model = Settings().resolved_embedding_model_path()
    embedder = LocalEmbeddings(model, onnx_folder=settings.onnx_folder("embedder"))
    embedder.warm_up()
    assert embedder.runtime == f"onnx-{PRECISION['embedder']}"


def test_a_missing_or_stale_export_is_named_and_torch_runs(
    graphs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model = Settings().resolved_embedding_model_path()
    problem = export_problem(tmp_path / "none", model / "model.safetensors", "int8")
    assert problem and "missing model.int8.onnx" in problem and "tools.export_onnx" in problem
    stale = tmp_path / "stale"
    shutil.copytree(graphs / "embedder", stale)
    meta = json.loads((stale / "export.json").read_text(encoding="utf-8"))
    (stale / "export.json").write_text(json.dumps(meta | {"sha256": "0" * 64}), encoding="utf-8")
    embedder = LocalEmbeddings(model, onnx_folder=stale)
    with caplog.at_level(logging.WARNING):
        embedder.warm_up()
    assert embedder.runtime == "torch"
    assert "exported from other weights" in caplog.text and "runs on torch" in caplog.text
