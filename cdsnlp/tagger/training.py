"""Training the CRF tagger with sklearn-crfsuite.

Documents are turned into per-sentence feature sequences with the same code
the tagger uses at run time, c1/c2 are chosen by cross-validation on the
training documents (scikit-learn's RandomizedSearchCV with folds grouped by
document, scored by seqeval's strict entity F1), and the final model is
written as ``model.crfsuite`` beside its ``config.json``.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotation.iob import spans_to_iob
from ..rules import article_year, find_rule_entities
from ..textnorm import normalize
from ..tokenizer import sentences, tokenize
from .features import FeatureConfig, sequence_features


@dataclass
class TrainingData:
    X: list[list[list[bytes]]]
    y: list[list[str]]
    groups: list[int]  # document index of each sequence


def document_sequences(doc: Mapping[str, Any], config: FeatureConfig) -> tuple[list[list[list[bytes]]], list[list[str]]]:
    """Feature and gold tag sequences (one per sentence) of one gold document."""
    norm = normalize(doc["text"])
    text = norm.text
    tokens = tokenize(text)
    gold = spans_to_iob(tokens, [(e["start"], e["end"], e["label"]) for e in doc["entities"]])
    rule_tags = None
    if config.rule_tags:
        ref = article_year(text)
        rules = find_rule_entities(text, ref.year if ref else None)
        rule_tags = spans_to_iob(tokens, [(c.start, c.end, c.label) for c in rules])
    extra = None
    if config.underthesea:
        from .underthesea_features import underthesea_features

        extra = underthesea_features(text, tokens)
    words = [t.text for t in tokens]
    X, y = [], []
    for a, b in sentences(tokens, text):
        X.append(sequence_features(words[a:b], rule_tags[a:b] if rule_tags else None, config, extra[a:b] if extra else None))
        y.append(gold[a:b])
    return X, y


def build_training_data(docs: Iterable[Mapping[str, Any]], config: FeatureConfig) -> TrainingData:
    data = TrainingData([], [], [])
    for k, doc in enumerate(docs):
        X, y = document_sequences(doc, config)
        data.X += X
        data.y += y
        data.groups += [k] * len(X)
    return data


def _seqeval_f1(y_true: list[list[str]], y_pred: Any) -> float:
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2

    # sklearn-crfsuite returns an object array; seqeval wants lists of lists
    return f1_score([list(s) for s in y_true], [list(s) for s in y_pred], mode="strict", scheme=IOB2)


def search_c1_c2(data: TrainingData, *, n_iter: int = 8, folds: int = 3, seed: int = 13, max_iterations: int = 100, n_jobs: int = 2) -> dict[str, Any]:
    """Randomized search of c1/c2 with document-grouped folds; returns the
    best parameters and every candidate's mean score."""
    import scipy.stats
    import sklearn_crfsuite
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import GroupKFold, RandomizedSearchCV

    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", max_iterations=max_iterations, all_possible_transitions=True)
    search = RandomizedSearchCV(
        crf,
        {"c1": scipy.stats.expon(scale=0.3), "c2": scipy.stats.expon(scale=0.05)},
        n_iter=n_iter,
        cv=GroupKFold(n_splits=folds),
        scoring=make_scorer(_seqeval_f1),
        random_state=seed,
        n_jobs=n_jobs,
    )
    search.fit(data.X, data.y, groups=data.groups)
    results = [
        {"c1": round(p["c1"], 5), "c2": round(p["c2"], 5), "f1": round(s, 4)}
        for p, s in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"], strict=True)
    ]
    # standard error of the best candidate's mean over the folds
    se = float(search.cv_results_["std_test_score"][search.best_index_]) / folds**0.5
    return {
        "c1": float(search.best_params_["c1"]),
        "c2": float(search.best_params_["c2"]),
        "cv_f1": float(search.best_score_),
        "cv_f1_se": se,
        "candidates": results,
    }


def features_per_token(data: TrainingData) -> float:
    """Mean number of feature names per token: what tagging time grows with."""
    tokens = sum(map(len, data.y))
    return sum(len(f) for seq in data.X for f in seq) / tokens if tokens else 0.0


def select_features(docs: list[Mapping[str, Any]], candidates: Mapping[str, FeatureConfig], **search_options: Any) -> dict[str, Any]:
    """Cross-validate each candidate feature configuration (with its own
    c1/c2 search, see :func:`search_c1_c2`) and choose by the one-standard-
    error rule: the configuration with the fewest features per token among
    those whose F1 is within one standard error of the best one's. Returns
    the chosen name, its c1/c2, and every candidate's figures."""
    results = []
    for name, config in candidates.items():
        data = build_training_data(docs, config)
        search = search_c1_c2(data, **search_options)
        results.append({"name": name, "features": config.to_dict(), "features_per_token": round(features_per_token(data), 2), **search})
    best = max(results, key=lambda r: r["cv_f1"])
    threshold = best["cv_f1"] - best["cv_f1_se"]
    chosen = min((r for r in results if r["cv_f1"] >= threshold), key=lambda r: r["features_per_token"])
    return {"chosen": chosen["name"], "c1": chosen["c1"], "c2": chosen["c2"], "cv_f1": chosen["cv_f1"], "threshold": threshold, "results": results}


def train_model(
    data: TrainingData,
    out_dir: str | Path,
    config: FeatureConfig,
    *,
    c1: float,
    c2: float,
    max_iterations: int = 150,
    meta: Mapping[str, Any] | None = None,
    seed: int = 13,
) -> Path:
    """Fit the CRF and write ``model.crfsuite`` and ``config.json`` to ``out_dir``."""
    import sklearn_crfsuite

    random.seed(seed)  # L-BFGS is deterministic; this pins anything else that samples
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model_file = out / "model.crfsuite"
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs", c1=c1, c2=c2, max_iterations=max_iterations, all_possible_transitions=True, model_filename=str(model_file)
    )
    crf.fit(data.X, data.y)
    labels = sorted({t for seq in data.y for t in seq})
    config_json = {"features": config.to_dict(), "labels": labels, "c1": c1, "c2": c2, "max_iterations": max_iterations, **(meta or {}),
                   # checked when the model is loaded: a damaged or swapped file is an error, not a crash
                   "model_sha256": hashlib.sha256(model_file.read_bytes()).hexdigest()}
    (out / "config.json").write_text(json.dumps(config_json, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out
