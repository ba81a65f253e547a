"""Export the embedder and the reading model to ONNX (fp32, and int8 by dynamic
quantisation) from the packaged weights, for ``BRIEFING_INFERENCE=onnx``.

Run by ``make install`` (nothing is downloaded; about a minute on two cores). The
graphs are not committed: 90 MB each in fp32. Writes ``service/onnx_models/<kind>/``:
``model.onnx``, ``model.int8.onnx``, ``tokenizer.json``, ``export.json``.

    python -m tools.export_onnx [--out DIR] [--only embedder|reader] [--force]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from service.config import Settings
from service.onnx_runtime import GRAPHS, export_problem, file_sha256, onnx_models_dir
from service.verify.reader import packaged_model_dir

INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
# sentence-transformers' limits: MiniLM's max_seq_length; the cross-encoder's tokenizer.
MAX_LENGTH = {"embedder": 256, "reader": 512}


def sources() -> dict[str, Path]:
    """The weights folder of each encoder."""
    return {
        "embedder": Settings().resolved_embedding_model_path(),
        "reader": packaged_model_dir(),
    }


def _graph(kind: str, folder: Path) -> object:
    import torch
    from transformers import AutoModel, AutoModelForSequenceClassification

    class Embedder(torch.nn.Module):
        """MiniLM with sentence-transformers' mean pooling and normalisation."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(
                str(folder), dtype=torch.float32, attn_implementation="eager"
            )

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    class Reader(torch.nn.Module):
        """The cross-encoder's three logits (softmax is applied after)."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModelForSequenceClassification.from_pretrained(
                str(folder), dtype=torch.float32, attn_implementation="eager"
            )

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    return (Embedder() if kind == "embedder" else Reader()).eval()


def export(kind: str, folder: Path, out: Path) -> None:
    """Write the fp32 and int8 graphs of ``kind`` from ``folder`` into ``out``."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    sample = torch.ones((2, 8), dtype=torch.int64)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS} | {"output": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(
            _graph(kind, folder),  # type: ignore[arg-type]
            (sample, sample, torch.zeros_like(sample)),
            str(out / GRAPHS["fp32"]),
            input_names=INPUTS,
            output_names=["output"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    # Eager attention exports the pattern ONNX Runtime fuses into one Attention operator
    # (with the layer norms and GELUs): the unfused graph ran slower than torch.
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(
        str(out / GRAPHS["fp32"]), model_type="bert", num_heads=12, hidden_size=384
    )
    fused.save_model_to_file(str(out / GRAPHS["fp32"]))
    # Per-channel int8 weights of the MatMuls only: per-tensor scales (the default) bent
    # some MiniLM vectors to cosine 0.85 with fp32; per channel the least is 0.98.
    quantize_dynamic(
        out / GRAPHS["fp32"],
        out / GRAPHS["int8"],
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Attention"],
        per_channel=True,
        # The fused operators are not in ONNX's shape inference: their outputs are float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    shutil.copyfile(folder / "tokenizer.json", out / "tokenizer.json")
    meta = {"source": str(folder), "sha256": file_sha256(folder / "model.safetensors")}
    meta["max_length"] = MAX_LENGTH[kind]  # type: ignore[assignment]
    (out / "export.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Export what is missing or stale (everything with ``--force``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=onnx_models_dir())
    parser.add_argument("--only", choices=sorted(MAX_LENGTH))
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    for kind, folder in sources().items():
        if args.only and kind != args.only:
            continue
        target = args.out / kind
        if not args.force and export_problem(target, folder / "model.safetensors", "int8") is None:
            print(f"{kind}: {target} is current")
            continue
        export(kind, folder, target)
        print(f"{kind}: exported {folder} -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
