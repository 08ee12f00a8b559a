"""A Label Studio ML backend: ``cdsnlp serve-labelstudio``.

Label Studio calls an ML backend over HTTP (its "Connect model" setting);
this server answers that API with cdsnlp's predictions and retrains the CRF
on the annotations Label Studio sends:

- ``GET /health`` (and ``GET /``): ``{"status": "UP", "model_class", "model_version", "training", "annotations"}``;
- ``POST /setup`` ``{"project", "schema": <label config XML>, ...}``: reads the
  project's labelling config (the ``<Labels>`` tag's ``name`` and ``toName``,
  the ``<Text>`` tag's ``$field``, the label values) and answers ``{"model_version"}``;
- ``POST /predict`` ``{"tasks": [...], "label_config"?, "project"?}``: one
  prediction per task, in order, ``{"results": [{"model_version", "score",
  "result": [labels regions with value.start/end/text/labels and score]}]}``
  (only labels the project's config has);
- ``POST /webhook`` ``{"action", "project": {"id", "label_config"}, "task", "annotation"}``:
  ``ANNOTATION_CREATED``/``ANNOTATION_UPDATED`` store the task's latest
  annotation (``ANNOTATION_DELETED`` drops it), ``START_TRAINING`` retrains;
  other events are acknowledged and ignored;
- ``POST /train``: retrains on the stored annotations (plus ``"tasks"``
  given in the body, in Label Studio's export shape).

Retraining runs in the background with the current model's feature
configuration and c1/c2 (no search), on the stored annotations plus, with
``--base shipped`` (the default), the shipped training corpus; the new model
replaces the old one only when training succeeded, and its ``model_version``
says how many annotations it learnt from. Annotations are read with the
same checks as ``cdsnlp convert`` (spans repaired or rejected, labels
outside our six rejected) and kept in ``WORKDIR/annotations.jsonl``.

Safety: it listens on 127.0.0.1 unless ``--host`` says otherwise; with
``--token`` (or ``$CDSNLP_SERVE_TOKEN``) every request needs the header
``Authorization: Token <token>`` (what Label Studio sends); bodies over
``--max-bytes`` are refused with 413. Every error is a JSON object
``{"error": "..."}`` with a 4xx status (500 only for a bug, never with a
traceback).

Built on Starlette and uvicorn (``pip install 'cdsnlp[serve]'``): the
official ``label-studio-ml`` package on PyPI (1.0.9) pins Flask 1.1.2,
Werkzeug 2.0.2 and Jinja2 3.0.3, which conflict with current libraries.
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import re
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOKEN_ENV = "CDSNLP_SERVE_TOKEN"
MAX_BYTES = 10 * 1024 * 1024
TRAIN_EVENTS = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATION_DELETED", "START_TRAINING")


class RequestError(Exception):
    """A request that is answered with ``status`` and a JSON error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class LabelConfig:
    """What cdsnlp needs of a project's labelling config."""

    from_name: str = "label"
    to_name: str = "text"
    text_field: str | None = None  # None: "text", else the only string field
    labels: frozenset[str] | None = None  # None: all six


def parse_label_config(xml: str | None) -> LabelConfig:
    """The ``<Labels>`` tag (name, toName, label values) and its ``<Text>``
    tag's ``$field`` of a Label Studio labelling config."""
    if not xml:
        return LabelConfig()
    if not isinstance(xml, str):
        raise RequestError(422, "label_config must be a string of XML")
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise RequestError(422, f"label_config is not valid XML: {exc}") from None
    tags = [el for el in root.iter() if el.tag == "Labels"]
    if not tags:
        raise RequestError(422, "label_config has no <Labels> tag: cdsnlp predicts span labels")
    labels_tag = tags[0]
    from_name, to_name = labels_tag.get("name"), labels_tag.get("toName")
    if not from_name or not to_name:
        raise RequestError(422, "the <Labels> tag of label_config needs name and toName")
    values = frozenset(el.get("value") for el in labels_tag.iter("Label") if el.get("value"))
    text_field = None
    for el in root.iter("Text"):
        if el.get("name") == to_name and (el.get("value") or "").startswith("$"):
            text_field = el.get("value")[1:]
    return LabelConfig(from_name, to_name, text_field, values or None)


@dataclass
class State:
    """The model in use, the stored annotations and the training status."""

    model: str | None
    workdir: Path
    base: bool
    train_every: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)  # the CRF tagger is not thread-safe
    configs: dict[str, LabelConfig] = field(default_factory=dict)
    annotations: dict[str, dict[str, Any]] = field(default_factory=dict)  # task id -> our document
    training: bool = False
    last_training: dict[str, Any] | None = None
    since_training: int = 0

    def __post_init__(self) -> None:
        from .pipeline import Extractor
        from .preannotate import model_version

        self.extractor = Extractor(self.model)
        self.version = model_version(self.extractor)
        self.workdir.mkdir(parents=True, exist_ok=True)
        store = self.workdir / "annotations.jsonl"
        if store.is_file():
            for line in store.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    self.annotations[rec["task"]] = rec["document"]

    def save_annotations(self) -> None:
        store = self.workdir / "annotations.jsonl"
        tmp = store.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for task, doc in self.annotations.items():
                fh.write(json.dumps({"task": task, "document": doc}, ensure_ascii=False) + "\n")
        os.replace(tmp, store)  # a crash never leaves half a file


def _check_auth(headers: Mapping[str, str], token: str | None) -> None:
    if token is None:
        return
    got = headers.get("authorization", "")
    scheme, _, value = got.partition(" ")
    if scheme.lower() not in ("token", "bearer") or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise RequestError(401, "missing or wrong token (send the header 'Authorization: Token <token>')")


async def _read_json(request: Any, max_bytes: int) -> dict[str, Any]:
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise RequestError(400, "bad Content-Length")
        if int(length) > max_bytes:
            raise RequestError(413, f"request body of {int(length):,} bytes is over the limit of {max_bytes:,}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise RequestError(413, f"request body is over the limit of {max_bytes:,} bytes")
    if not body.strip():
        raise RequestError(400, "empty request body; expected a JSON object")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError(400, f"request body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RequestError(422, f"expected a JSON object, not {type(data).__name__}")
    return data


def _project_key(project: Any) -> str:
    if isinstance(project, Mapping):
        project = project.get("id")
    return str(project).split(".", 1)[0] if project not in (None, "") else ""


def _task_text(task: Any, cfg: LabelConfig, k: int) -> str:
    from .annotation.labelstudio import _text_of

    if not isinstance(task, Mapping) or not isinstance(task.get("data"), Mapping):
        raise RequestError(422, f"tasks[{k}] is not a Label Studio task (an object with 'data')")
    text, why = _text_of(task["data"], cfg.text_field)
    if text is None:
        raise RequestError(422, f"tasks[{k}] (id {task.get('id')}): {why}")
    return text


def predict(state: State, data: dict[str, Any]) -> dict[str, Any]:
    from .preannotate import label_studio_prediction, predicted_entities

    tasks = data.get("tasks")
    if not isinstance(tasks, list):
        raise RequestError(422, "'tasks' must be a list of Label Studio tasks")
    cfg = parse_label_config(data["label_config"]) if data.get("label_config") else state.configs.get(_project_key(data.get("project")), LabelConfig())
    texts = [_task_text(t, cfg, k) for k, t in enumerate(tasks)]  # every task checked before any work
    results = []
    with state.lock:
        ex, version = state.extractor, state.version
        for text in texts:
            ents = predicted_entities(ex, text)
            results.append(label_studio_prediction(text, ents, version, from_name=cfg.from_name, to_name=cfg.to_name, labels=cfg.labels))
    return {"results": results, "model_version": version}


def _annotation_document(task: Mapping[str, Any], annotation: Mapping[str, Any], cfg: LabelConfig) -> tuple[dict[str, Any] | None, list[str]]:
    """Our document of one submitted annotation (read like an export), and what was rejected."""
    from .annotation.labelstudio import read_label_studio

    one = {"id": task.get("id"), "data": task.get("data"), "annotations": [annotation]}
    docs, _, report = read_label_studio(json.dumps([one], ensure_ascii=False), f"task {task.get('id')}", text_field=cfg.text_field)
    problems = [str(x) for x in report.skipped + report.rejected]
    return (docs[0] if docs else None), problems


def webhook(state: State, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    action = data.get("action")
    if action not in TRAIN_EVENTS:
        return 200, {"status": "Unknown event", "action": action}
    project = data.get("project") if isinstance(data.get("project"), Mapping) else {}
    cfg = parse_label_config(project.get("label_config")) if project.get("label_config") else state.configs.get(_project_key(project), LabelConfig())
    if action == "START_TRAINING":
        return 201, {"status": "ok", "result": start_training(state)}
    task, ann = data.get("task"), data.get("annotation")
    if not isinstance(task, Mapping) or task.get("id") is None:
        raise RequestError(422, f"{action} needs a 'task' object with an 'id'")
    key = f"{_project_key(project)}:{task['id']}"
    if action == "ANNOTATION_DELETED":
        with state.lock:
            removed = state.annotations.pop(key, None) is not None
            state.save_annotations()
        return 201, {"status": "ok", "result": {"removed": removed}}
    if not isinstance(ann, Mapping):
        raise RequestError(422, f"{action} needs an 'annotation' object")
    if not isinstance(task.get("data"), Mapping):
        raise RequestError(422, f"{action}: the task needs its 'data'")
    doc, problems = _annotation_document(task, ann, cfg)
    if doc is None:
        raise RequestError(422, "; ".join(problems) or "the annotation could not be read")
    with state.lock:
        state.annotations[key] = doc
        state.save_annotations()
        state.since_training += 1
        due = state.train_every and state.since_training >= state.train_every
    result: dict[str, Any] = {"stored": key, "entities": len(doc["entities"]), "rejected": problems}
    if due:
        result["training"] = start_training(state)
    return 201, {"status": "ok", "result": result}


def start_training(state: State, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Start a retraining in the background (one at a time)."""
    with state.lock:
        if state.training:
            return {"started": False, "reason": "a training is already running"}
        docs = list(state.annotations.values()) + list(extra or [])
        if not docs:
            return {"started": False, "reason": "no annotations stored yet"}
        if state.extractor.tagger is None:
            return {"started": False, "reason": "serving the rules only (--model none): nothing to retrain"}
        state.training, state.since_training = True, 0
    threading.Thread(target=_train, args=(state, docs), daemon=True).start()
    return {"started": True, "annotations": len(docs)}


def _train(state: State, docs: list[dict[str, Any]]) -> None:
    from .pipeline import Extractor
    from .tagger.training import build_training_data, train_model

    t0 = time.perf_counter()
    try:
        tagger = state.extractor.tagger
        assert tagger is not None
        meta = tagger.meta
        train_docs = list(docs)
        if state.base:
            from importlib import resources

            from .annotation.jsonl import read_jsonl

            train_docs += list(read_jsonl(Path(str(resources.files("cdsnlp.corpus"))) / "train.jsonl"))
        data = build_training_data(train_docs, tagger.config)
        name = f"{meta.get('name', 'model')}+ls{len(docs)}-{time.strftime('%Y%m%d%H%M%S')}"
        tmp = Path(tempfile.mkdtemp(dir=state.workdir, prefix=".training-"))
        train_model(data, tmp, tagger.config, c1=meta["c1"], c2=meta["c2"], max_iterations=meta.get("max_iterations", 150),
                    meta={"name": name, "trained_on": ["label studio annotations"] + (["shipped corpus"] if state.base else []),
                          "documents": len(train_docs)})
        final = state.workdir / "models" / name
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        new = Extractor(final)
        from .preannotate import model_version

        with state.lock:
            state.extractor, state.version = new, model_version(new)
            state.last_training = {"ok": True, "model_version": state.version, "annotations": len(docs),
                                   "documents": len(train_docs), "seconds": round(time.perf_counter() - t0, 1)}
    except Exception as exc:  # reported through /health; the old model stays
        with state.lock:
            state.last_training = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "seconds": round(time.perf_counter() - t0, 1)}
        print(f"cdsnlp serve-labelstudio: training failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        with state.lock:
            state.training = False


def create_app(state: State, *, token: str | None = None, max_bytes: int = MAX_BYTES):
    """The Starlette application (imports starlette)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    def health_body() -> dict[str, Any]:
        with state.lock:
            return {"status": "UP", "model_class": "cdsnlp", "model_version": state.version, "training": state.training,
                    "last_training": state.last_training, "annotations": len(state.annotations)}

    async def health(request):
        _check_auth(request.headers, token)
        return JSONResponse(health_body())

    async def setup(request):
        _check_auth(request.headers, token)
        data = await _read_json(request, max_bytes)
        cfg = parse_label_config(data.get("schema") or data.get("label_config"))
        state.configs[_project_key(data.get("project"))] = cfg
        return JSONResponse({"model_version": state.version})

    async def predict_route(request):
        _check_auth(request.headers, token)
        data = await _read_json(request, max_bytes)
        return JSONResponse(await run_in_threadpool(predict, state, data))

    async def webhook_route(request):
        _check_auth(request.headers, token)
        data = await _read_json(request, max_bytes)
        status, body = await run_in_threadpool(webhook, state, data)
        return JSONResponse(body, status_code=status)

    async def train_route(request):
        _check_auth(request.headers, token)
        data = await _read_json(request, max_bytes)
        extra: list[dict[str, Any]] = []
        tasks = data.get("tasks") or []
        if not isinstance(tasks, list):
            raise RequestError(422, "'tasks' must be a list of Label Studio tasks with annotations")
        if tasks:
            from .annotation.labelstudio import read_label_studio

            extra, _, report = read_label_studio(json.dumps(tasks, ensure_ascii=False), "train request")
            if report.rejected:
                raise RequestError(422, "; ".join(str(x) for x in report.rejected[:20]))
        return JSONResponse({"status": "ok", "result": start_training(state, extra)}, status_code=201)

    async def metrics(request):
        _check_auth(request.headers, token)
        return JSONResponse({})

    async def request_error(request, exc: RequestError):
        return JSONResponse({"error": str(exc)}, status_code=exc.status)

    async def http_error(request, exc: HTTPException):
        return JSONResponse({"error": exc.detail or "error"}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    async def server_error(request, exc: Exception):
        print(f"cdsnlp serve-labelstudio: {request.method} {request.url.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return JSONResponse({"error": "internal error"}, status_code=500)

    routes = [
        Route("/", health, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/setup", setup, methods=["POST"]),
        Route("/predict", predict_route, methods=["POST"]),
        Route("/webhook", webhook_route, methods=["POST"]),
        Route("/train", train_route, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={RequestError: request_error, HTTPException: http_error, Exception: server_error})


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve-labelstudio", help="run a Label Studio ML backend (predictions, retraining on annotations)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=9090, help="port (default 9090, Label Studio's usual ML backend port)")
    p.add_argument("--model", help="model directory or installed model name (default: $CDSNLP_MODEL, else the shipped model)")
    p.add_argument("--token", help=f"require 'Authorization: Token <token>' on every request (default: ${TOKEN_ENV}, else none)")
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES, help=f"largest request body accepted (default {MAX_BYTES:,})")
    p.add_argument("--workdir", type=Path, default=Path("cdsnlp-labelstudio"), help="where annotations and retrained models are kept")
    p.add_argument("--base", choices=["shipped", "none"], default="shipped",
                   help="retrain on the annotations plus the shipped corpus (default) or on the annotations alone")
    p.add_argument("--train-every", type=int, default=0, metavar="N",
                   help="also retrain after every N stored annotations (default: only on START_TRAINING or /train)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        raise ValueError("serve-labelstudio needs the serve extra: pip install 'cdsnlp[serve]'") from None
    if args.max_bytes < 1024:
        raise ValueError("--max-bytes must be at least 1024")
    if not re.fullmatch(r"[0-9]{1,5}", str(args.port)) or not 0 <= args.port <= 65535:
        raise ValueError("--port must be 0-65535")
    token = args.token or os.environ.get(TOKEN_ENV) or None
    state = State(args.model or "default", args.workdir, args.base == "shipped", args.train_every)
    app = create_app(state, token=token, max_bytes=args.max_bytes)
    print(f"cdsnlp serve-labelstudio: {state.version} on http://{args.host}:{args.port} "
          f"({'token required' if token else 'no token'}; {len(state.annotations)} stored annotations in {args.workdir})", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
