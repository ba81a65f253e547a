"""Does evidence bear on its place (issue 31, item 3): the labelled pairs of
``bench/taskings/bearing.jsonl`` read by the reading model two ways, a threshold picked on
the tune half, tune and held-out reported. Run through ``bench/decide.py --bearing``.

- ``answers``: the place's question (``place_question``: "How could the option '…' be
  verified?") and the sentence, P(entailment): the question/sentence judgment;
- ``nli``: the sentence as premise, "This is about <the place>." as hypothesis,
  1 - P(neutral): the NLI head reading whether the sentence speaks of the place at all.

Per kind of place (agenda, option, criterion), on tune only: the model judges a kind when
tune holds at least ``MIN_PAIRS`` pairs of each label and its ``answers`` AUC on them is at
least ``MIN_AUC``; the kind's threshold is the one with the best balanced accuracy on its
tune pairs (the mean of bearing sentences kept and off-topic ones dropped), the lowest of
equals. A kind is applied in papers (``JUDGED``) only when held-out confirms its tune choice
(balanced accuracy at least ``CONFIRMS``), as reranking stays off when held-out does not
rise. The service uses the ``answers`` judgment; ``--write`` sets ``BEARS`` (kind ->
threshold) and ``JUDGED`` in ``service/papers/bearing.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from service.papers.bearing import place_question
from service.verify.reader import ReadingModel

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "bench" / "taskings" / "bearing.jsonl"
CONSTANT = REPO / "service" / "papers" / "bearing.py"
MIN_AUC = 0.75
MIN_PAIRS = 5
CONFIRMS = 0.6
KINDS = ("agenda", "option", "criterion")
GRID = [round(x, 3) for x in np.arange(0.005, 0.95, 0.005)]


def load_cases(path: Path = CASES) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def method_scores(reader: ReadingModel, cases: list[dict[str, object]]) -> dict[str, np.ndarray]:
    """Each method's score per case."""
    questions = [(place_question(str(c["kind"]), str(c["field"]), str(c["place"])),
                  str(c["sentence"])) for c in cases]  # fmt: skip
    statements = [(str(c["sentence"]), f"This is about {c['place']}.") for c in cases]
    return {
        "answers": reader.entailment(questions),
        "nli": 1.0 - reader.probabilities(statements)[:, 1],
    }


def figures(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    kept = scores >= threshold
    bearing_kept = float(kept[labels].mean()) if labels.any() else 0.0
    off_dropped = float((~kept[~labels]).mean()) if (~labels).any() else 0.0
    return {
        "bearing kept": bearing_kept,
        "off-topic dropped": off_dropped,
        "balanced": (bearing_kept + off_dropped) / 2,
        "accuracy": float((kept == labels).mean()),
    }


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """P(a bearing pair scores above an off-topic one), ties half."""
    pos, neg = scores[labels], scores[~labels]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def choose(scores: np.ndarray, labels: np.ndarray) -> float:
    """The tune threshold: best balanced accuracy, the lowest of equals."""
    return max(GRID, key=lambda t: (round(figures(scores, labels, t)["balanced"], 6), -t))


def report(reader: ReadingModel, write: bool) -> None:
    """Print both methods' AUC per kind of place, each judged kind's threshold with its
    tune and held-out figures; with ``write``, set ``BEARS``."""
    cases = load_cases()
    labels = np.array([bool(c["bears"]) for c in cases])
    tune = np.array([c["split"] == "tune" for c in cases])
    kinds = np.array([str(c["kind"]) for c in cases])
    print(f"bearing cases: tune {tune.sum()} ({labels[tune].sum()} bear), "
          f"held-out {(~tune).sum()} ({labels[~tune].sum()} bear)")  # fmt: skip
    scored = method_scores(reader, cases)
    for name, scores in scored.items():
        line = []
        for kind in KINDS:
            for split, rows in (("tune", tune), ("held-out", ~tune)):
                m = rows & (kinds == kind)
                line.append(f"{kind} {split} {_auc(scores[m], labels[m])}")
        print(f"  {name:8} AUC by place: " + ", ".join(line))
    chosen: dict[str, float] = {}
    judged: tuple[str, ...] = ()
    scores = scored["answers"]
    for kind in KINDS:
        m = tune & (kinds == kind)
        enough = min(labels[m].sum(), (~labels[m]).sum()) >= MIN_PAIRS
        if not enough or auc(scores[m], labels[m]) < MIN_AUC:
            print(f"  answers {kind:9}: not judged (tune: {labels[m].sum()} bear, "
                  f"{(~labels[m]).sum()} do not, AUC {_auc(scores[m], labels[m])})")  # fmt: skip
            continue
        chosen[kind] = float(choose(scores[m], labels[m]))
        for split, rows in (("tune", tune), ("held-out", ~tune)):
            k = rows & (kinds == kind)
            f = figures(scores[k], labels[k], chosen[kind])
            print(f"  answers {kind:9} {split:8}: threshold {chosen[kind]:.3f}, "
                  + ", ".join(f"{key} {v:.3f}" for key, v in f.items()))  # fmt: skip
        if f["balanced"] >= CONFIRMS:
            judged += (kind,)
        else:
            print(f"  {kind}: held-out does not confirm (balanced {f['balanced']:.3f} < "
                  f"{CONFIRMS}): not applied in papers")  # fmt: skip
    kinds_text = ", ".join(f'"{k}"' for k in judged) + ("," if len(judged) == 1 else "")
    lines = {"BEARS": f"BEARS: dict[str, float] = {json.dumps(chosen)}",
             "JUDGED": f"JUDGED: tuple[str, ...] = ({kinds_text})"}  # fmt: skip
    print("\n".join(lines.values()))
    if write:
        text = CONSTANT.read_text(encoding="utf-8")
        for name, line in lines.items():
            text = re.sub(rf"(?m)^{name}: .*$", line, text)
        CONSTANT.write_text(text, encoding="utf-8")
        print(f"wrote BEARS and JUDGED to {CONSTANT.relative_to(REPO)}")


def _auc(scores: np.ndarray, labels: np.ndarray) -> str:
    both = labels.any() and (~labels).any()
    return f"{auc(scores, labels):.2f}" if both else "n/a"
