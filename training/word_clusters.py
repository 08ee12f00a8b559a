"""Word clusters learned from our own corpus text (issue 15, a CRF feature).

    python -m training.word_clusters [--train data/corpus/train.jsonl] [--clusters 100]
                                     [--out cdsnlp/resources/word_clusters.txt]

Words that occur in the same contexts get the same cluster id, so the CRF can
share what it learns about «triển khai» with «thực hiện», or about one
province name with another it saw less often. The idea is Brown clustering's
(words grouped by their neighbours); the method is the distributional one:

1. every lower-cased word of the train split seen ``--min-count`` times or more
   is a row; its columns count the words right before and right after it
   (the ``--contexts`` most frequent words, left and right kept apart);
2. positive pointwise mutual information of those counts, reduced to
   ``--dims`` dimensions by a truncated SVD and scaled to unit length;
3. k-means (``--clusters`` groups) on those vectors.

Only the train split is read: validation and test text must not shape a
feature. The CRF's ``clusters`` feature reads the file (``word<TAB>id``); a
word not in it has no cluster feature. scikit-learn (already used for the
c1/c2 search) does the SVD and k-means; the result is the same for the same
corpus and seed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.tokenizer import tokenize


def sequences(train: Path) -> list[list[str]]:
    """The lower-cased tokens of each train document."""
    return [[t.text.lower() for t in tokenize(d["text"])] for d in read_jsonl(train)]


def learn(seqs: list[list[str]], *, min_count: int, contexts: int, dims: int, clusters: int, seed: int) -> dict[str, int]:
    """word -> cluster id (0 .. clusters-1), ids numbered by first appearance in sorted word order."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    freq = Counter(w for s in seqs for w in s)
    vocab = sorted(w for w, n in freq.items() if n >= min_count)
    row = {w: i for i, w in enumerate(vocab)}
    ctx_words = [w for w, _ in freq.most_common(contexts)]
    col = {w: i for i, w in enumerate(ctx_words)}
    counts: Counter[tuple[int, int]] = Counter()
    for s in seqs:
        padded = ["<s>", *s, "</s>"]
        for k in range(1, len(padded) - 1):
            r = row.get(padded[k])
            if r is None:
                continue
            left, right = col.get(padded[k - 1]), col.get(padded[k + 1])
            if left is not None:
                counts[(r, left)] += 1
            if right is not None:
                counts[(r, len(ctx_words) + right)] += 1
    if len(vocab) < clusters or not counts:
        raise SystemExit(f"too little text: {len(vocab)} words seen {min_count} times or more, {clusters} clusters asked")
    keys = list(counts)
    data = np.array([counts[k] for k in keys], dtype=float)
    rows, cols = np.array([k[0] for k in keys]), np.array([k[1] for k in keys])
    m = csr_matrix((data, (rows, cols)), shape=(len(vocab), 2 * len(ctx_words)))
    total = data.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel()
    # PPMI: log(p(w, c) / (p(w) p(c))), negative values set to 0
    pmi = np.log(data * total / (row_sum[rows] * col_sum[cols]))
    ppmi = csr_matrix((np.maximum(pmi, 0.0), (rows, cols)), shape=m.shape)
    vec = TruncatedSVD(n_components=min(dims, ppmi.shape[1] - 1), random_state=seed).fit_transform(ppmi)
    vec = normalize(vec)
    labels = KMeans(n_clusters=clusters, n_init=4, random_state=seed).fit_predict(vec)
    renumber: dict[int, int] = {}
    for lab in labels:  # stable ids: in the order clusters first appear in the sorted vocabulary
        renumber.setdefault(int(lab), len(renumber))
    return {w: renumber[int(lab)] for w, lab in zip(vocab, labels, strict=True)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", type=Path, default=Path("data/corpus/train.jsonl"))
    p.add_argument("--out", type=Path, default=Path("cdsnlp/resources/word_clusters.txt"))
    p.add_argument("--min-count", type=int, default=3)
    p.add_argument("--contexts", type=int, default=1000, help="context words (most frequent) on each side")
    p.add_argument("--dims", type=int, default=64)
    p.add_argument("--clusters", type=int, default=100)
    p.add_argument("--seed", type=int, default=13)
    args = p.parse_args(argv)
    seqs = sequences(args.train)
    clusters = learn(seqs, min_count=args.min_count, contexts=args.contexts, dims=args.dims, clusters=args.clusters, seed=args.seed)
    head = (f"# learned by training/word_clusters.py from {args.train.name}: {len(clusters)} words, {args.clusters} clusters "
            f"(min-count {args.min_count}, contexts {args.contexts}, dims {args.dims}, seed {args.seed})\n")
    args.out.write_text(head + "".join(f"{w}\t{c}\n" for w, c in sorted(clusters.items())), encoding="utf-8")
    print(f"{args.out}: {len(clusters)} words in {args.clusters} clusters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
