"""The Label Studio ML backend, started for real on localhost and spoken to
over HTTP with httpx: the documented API, the token, size limits and errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT

from cdsnlp.annotation import read_jsonl

TOKEN = "s3cret-token"
CONFIG = """<View>
  <Labels name="ner" toName="body">
    <Label value="OFFICIAL"/><Label value="ROLE"/><Label value="AGENCY"/><Label value="DATE"/>
  </Labels>
  <Text name="body" value="$content"/>
</View>"""
TEXT = "Chiều 5/3, Phó Chủ tịch UBND tỉnh Lê Hoàng Yến làm việc với Sở Thông tin và Truyền thông về Kế hoạch số 12/KH-UBND."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(tmp: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CDSNLP_SERVE_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdsnlp.cli", "serve-labelstudio", "--port", str(port), "--workdir", str(tmp / "work"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read()}")
        try:
            httpx.get(url + "/health", timeout=1)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ls")
    proc, url = _start(tmp, "--token", TOKEN, "--max-bytes", "20000", "--base", "none")
    client = httpx.Client(base_url=url, headers={"Authorization": f"Token {TOKEN}"}, timeout=60)
    yield client, proc, tmp
    client.close()
    proc.terminate()
    proc.wait(10)


def test_health_and_setup(server):
    client, _, _ = server
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "UP" and body["model_version"].startswith("cdsnlp-") and body["training"] is False
    r = client.post("/setup", json={"project": "7.1700000000", "schema": CONFIG, "hostname": "http://localhost:8080", "access_token": "x"})
    assert r.status_code == 200 and r.json() == {"model_version": body["model_version"]}


def test_predict_follows_the_project_config(server):
    client, _, _ = server
    client.post("/setup", json={"project": "7.1700000000", "schema": CONFIG})
    tasks = [{"id": 11, "data": {"content": TEXT}}, {"id": 12, "data": {"content": "Không có gì."}}]
    r = client.post("/predict", json={"tasks": tasks, "project": "7.1700000000", "label_config": CONFIG, "params": {"context": {}}})
    assert r.status_code == 200
    results = r.json()["results"]
    assert len(results) == 2
    first = results[0]
    assert first["model_version"].startswith("cdsnlp-") and 0 < first["score"] <= 1
    labels = set()
    for region in first["result"]:
        assert region["from_name"] == "ner" and region["to_name"] == "body" and region["type"] == "labels"
        v = region["value"]
        assert TEXT[v["start"] : v["end"]] == v["text"] and 0 <= v["score"] <= 1 and region["score"] == v["score"]
        labels.update(v["labels"])
    assert labels <= {"OFFICIAL", "ROLE", "AGENCY", "DATE"}  # the LEGAL_DOC is not in this project's config
    assert {"OFFICIAL", "ROLE", "AGENCY", "DATE"} <= labels
    assert [r["value"]["text"] for r in first["result"] if r["value"]["labels"] == ["OFFICIAL"]] == ["Lê Hoàng Yến"]
    assert len({r["id"] for r in first["result"]}) == len(first["result"])
    # the config stored by /setup is used when a request has none
    again = client.post("/predict", json={"tasks": tasks[:1], "project": "7.1700000000"}).json()["results"][0]
    assert again["result"] == first["result"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Token wrong"}, {"Authorization": TOKEN}])
def test_token_is_required(server, headers):
    client, _, _ = server
    r = httpx.post(str(client.base_url) + "/predict", json={"tasks": []}, headers=headers)
    assert r.status_code == 401 and "token" in r.json()["error"]
    assert httpx.get(str(client.base_url) + "/health", headers=headers).status_code == 401


@pytest.mark.parametrize(("method", "path", "body", "status", "fragment"), [
    ("post", "/predict", b"{not json", 400, "not JSON"),
    ("post", "/predict", b"", 400, "empty"),
    ("post", "/predict", b"[1, 2]", 422, "JSON object"),
    ("post", "/predict", b'{"tasks": "x"}', 422, "tasks"),
    ("post", "/predict", b'{"tasks": [{"id": 1}]}', 422, "tasks[0]"),
    ("post", "/predict", json.dumps({"tasks": [{"id": 3, "data": {"a": "x", "b": "y"}}]}).encode(), 422, "--text-field"),
    ("post", "/predict", json.dumps({"tasks": [], "label_config": "<View><Text"}).encode(), 422, "not valid XML"),
    ("post", "/predict", json.dumps({"tasks": [], "label_config": "<View><Choices name='c' toName='t'/></View>"}).encode(), 422, "<Labels>"),
    ("post", "/predict", b"\xff\xfe\x00", 400, "not JSON"),
    ("post", "/webhook", b'{"action": "ANNOTATION_CREATED", "project": {"id": 7}}', 422, "task"),
    ("post", "/nowhere", b"{}", 404, ""),
    ("get", "/predict", None, 405, ""),
])
def test_bad_requests_get_a_json_error(server, method, path, body, status, fragment):
    client, _, _ = server
    r = client.request(method.upper(), path, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status
    assert fragment in r.json()["error"]
    assert "Traceback" not in r.text


def test_oversized_requests_are_refused(server):
    client, proc, _ = server
    big = json.dumps({"tasks": [{"id": 1, "data": {"text": "Sở Nội vụ. " * 3000}}]})
    r = client.post("/predict", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks():  # no Content-Length: the server counts what arrives
        for _ in range(40):
            yield b" " * 1000

    r = client.post("/predict", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert client.get("/health").status_code == 200 and proc.poll() is None


def _task_with_annotation(doc: dict, task_id: int) -> dict:
    result = [{"id": f"a{i}", "from_name": "ner", "to_name": "body", "type": "labels",
               "value": {"start": e["start"], "end": e["end"], "text": doc["text"][e["start"]:e["end"]], "labels": [e["label"]]}}
              for i, e in enumerate(doc["entities"])]
    return {"id": task_id, "data": {"content": doc["text"]}}, {"id": 100 + task_id, "result": result, "was_cancelled": False}


def test_webhook_stores_annotations_and_retrains(server):
    client, _, tmp = server
    project = {"id": 7, "label_config": CONFIG.replace('<Label value="DATE"/>', '<Label value="DATE"/><Label value="LEGAL_DOC"/><Label value="METRIC"/>')}
    docs = list(read_jsonl(ROOT / "data" / "corpus" / "test.jsonl"))[:4]
    before = client.get("/health").json()
    assert client.post("/webhook", json={"action": "PROJECT_UPDATED", "project": project}).json()["status"] == "Unknown event"
    r = client.post("/webhook", json={"action": "START_TRAINING", "project": project})
    assert r.status_code == 201 and r.json()["result"] == {"started": False, "reason": "no annotations stored yet"}
    for k, doc in enumerate(docs):
        task, ann = _task_with_annotation(doc, k + 1)
        r = client.post("/webhook", json={"action": "ANNOTATION_CREATED", "project": project, "task": task, "annotation": ann})
        assert r.status_code == 201, r.text
        assert r.json()["result"]["entities"] == len(doc["entities"]) and r.json()["result"]["rejected"] == []
    # a span with a label outside our six is rejected and said so, the rest stored
    task, ann = _task_with_annotation(docs[0], 1)
    ann["result"].append({"id": "x", "from_name": "ner", "to_name": "body", "type": "labels",
                          "value": {"start": 0, "end": 3, "text": docs[0]["text"][:3], "labels": ["PERSON"]}})
    r = client.post("/webhook", json={"action": "ANNOTATION_UPDATED", "project": project, "task": task, "annotation": ann})
    assert r.status_code == 201 and any("PERSON" in x for x in r.json()["result"]["rejected"])
    stored = [json.loads(x) for x in (tmp / "work" / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(stored) == 4 and client.get("/health").json()["annotations"] == 4
    r = client.post("/webhook", json={"action": "START_TRAINING", "project": project})
    assert r.status_code == 201 and r.json()["result"] == {"started": True, "annotations": 4}
    deadline = time.monotonic() + 300
    while (h := client.get("/health").json())["training"] and time.monotonic() < deadline:
        time.sleep(1)
    assert h["last_training"]["ok"] is True, h
    assert h["model_version"] != before["model_version"] and "+ls4-" in h["model_version"]
    r = client.post("/predict", json={"tasks": [{"id": 1, "data": {"content": TEXT}}], "label_config": CONFIG})
    assert r.json()["results"][0]["model_version"] == h["model_version"]
    assert (tmp / "work" / "models" / h["model_version"].split("/", 1)[1] / "model.crfsuite").is_file()


def test_listens_on_localhost_only_by_default(tmp_path):
    proc, url = _start(tmp_path)
    try:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(url + "/health").json()["status"] == "UP"  # no token asked for
        addrs = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
        outside = next((a for a in addrs if not a.startswith("127.") and ":" not in a), None)
        if outside:  # the same port on another address of this machine is not served
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://{outside}:{url.rsplit(':', 1)[1]}/health", timeout=2)
    finally:
        proc.terminate()
        proc.wait(10)
