"""What the Label Studio ML backend's HTTP layer costs: ``cdsnlp
serve-labelstudio`` started for real on localhost, measured with httpx.

    python benchmarks/serve.py [--requests 200]

- ``/health`` round trips per second (the framework's own cost: Starlette
  routing, JSON, uvicorn's HTTP/1.1 on one keep-alive connection);
- ``/predict`` with one corpus document per request (what Label Studio sends
  while an annotator opens tasks), against ``Extractor.extract`` on the same
  texts in this process, both warm (each has seen the texts once) and
  alternating, best of ``--runs``: the difference is the price of HTTP and JSON;
- ``--retrain``: the time of one retraining as Label Studio triggers it (20
  validation documents sent as ``ANNOTATION_CREATED`` webhooks, then
  ``START_TRAINING``; the shipped training split is added, ``--base shipped``).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts import corpus_texts


def retrain(client: httpx.Client) -> None:
    from cdsnlp.annotation.jsonl import read_jsonl

    docs = list(read_jsonl(Path(__file__).resolve().parent.parent / "data" / "corpus" / "validation.jsonl"))[:20]
    project = {"id": 1, "label_config": '<View><Labels name="label" toName="text"></Labels><Text name="text" value="$text"/></View>'}
    t0 = time.perf_counter()
    for k, d in enumerate(docs, 1):
        result = [{"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": e["start"], "end": e["end"], "text": d["text"][e["start"]:e["end"]], "labels": [e["label"]]}}
                  for i, e in enumerate(d["entities"])]
        client.post("/webhook", json={"action": "ANNOTATION_CREATED", "project": project,
                                      "task": {"id": k, "data": {"text": d["text"]}}, "annotation": {"id": k, "result": result}})
    stored = time.perf_counter() - t0
    client.post("/webhook", json={"action": "START_TRAINING", "project": project})
    while (h := client.get("/health").json())["training"]:
        time.sleep(0.5)
    print(f"20 annotations stored through the webhook in {stored:.2f} s; retraining on them + the shipped training split: "
          f"{h['last_training']}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--requests", type=int, default=200, help="/health requests (default 200)")
    p.add_argument("--documents", type=int, default=60, help="/predict requests, one document each (default 60)")
    p.add_argument("--runs", type=int, default=3, help="alternating timed passes of /predict and extract (best is kept)")
    p.add_argument("--retrain", action="store_true", help="also time one retraining through the webhook")
    args = p.parse_args()
    texts = [t for _, t in corpus_texts()][: args.documents]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as work:
        proc = subprocess.Popen([sys.executable, "-m", "cdsnlp.cli", "serve-labelstudio", "--port", str(port), "--workdir", work],
                                stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    httpx.get(url + "/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            from cdsnlp.pipeline import Extractor

            ex = Extractor("default")
            with httpx.Client(base_url=url, timeout=60) as client:
                for k, t in enumerate(texts):  # both warm: each has seen every text once
                    client.post("/predict", json={"tasks": [{"id": k, "data": {"text": t}}]})
                    ex.extract(t)
                t0 = time.perf_counter()
                for _ in range(args.requests):
                    client.get("/health")
                health = (time.perf_counter() - t0) / args.requests
                served, direct = [], []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    for k, t in enumerate(texts):
                        client.post("/predict", json={"tasks": [{"id": k, "data": {"text": t}}]})
                    served.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    for t in texts:
                        ex.extract(t)
                    direct.append(time.perf_counter() - t0)
                if args.retrain:
                    retrain(client)
        finally:
            proc.terminate()
            proc.wait(10)
    served_s, direct_s = min(served), min(direct)
    chars = sum(map(len, texts))
    print(f"/health: {health * 1000:.2f} ms per request ({1 / health:,.0f} requests/s, one connection)")
    print(f"/predict, {len(texts)} documents ({chars:,} characters) one per request, warm, best of {args.runs}: {served_s:.2f} s "
          f"({served_s / len(texts) * 1000:.1f} ms per document; all: {', '.join(f'{x:.2f}' for x in served)})")
    print(f"Extractor.extract in this process, the same documents, warm: {direct_s:.2f} s (all: {', '.join(f'{x:.2f}' for x in direct)}); "
          f"HTTP + JSON add {(served_s - direct_s) / len(texts) * 1000:.1f} ms per document ({served_s / direct_s - 1:+.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
