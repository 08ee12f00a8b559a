"""The shape of the package: lower layers never import higher ones, and
``import cdsnlp`` (and a first result) loads no heavy library."""

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "cdsnlp"

# the layers, lowest first; a module or package may import only from its own
# rank or below (the same rank: helpers of one job, e.g. the pipeline and its batch API)
LAYERS = [
    {"types", "resources", "numbers", "errors", "safe_paths", "model_store", "readers"},
    {"textnorm", "honorifics", "confidence"},
    {"tokenizer"},
    {"rules"},
    {"annotation"},
    {"tagger"},
    {"merge", "values", "streaming"},
    {"structure"},
    {"pipeline", "batch"},
    {"spacy_pipeline", "evaluation", "preannotate", "archive"},
    {"dask", "html_view", "labelstudio_backend", "selection", "index_command"},
    {"cli", "__init__", "__main__"},
]
RANK = {unit: r for r, units in enumerate(LAYERS) for unit in units}
HEAVY = ["spacy", "duckdb", "dask", "distributed", "trafilatura", "pypdf", "docx", "datasets", "pyarrow", "numpy", "pandas",
         "underthesea", "charset_normalizer", "lxml", "sklearn", "starlette", "uvicorn", "matplotlib"]


def _imports(path: Path):
    """(line, imported top-level unit of cdsnlp) of every import in ``path``, lazy ones included."""
    pkg = path.relative_to(PKG).parent.parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(pkg)[: len(pkg) - (node.level - 1)]
            targets = [base + node.module.split(".")] if node.module else [[*base, a.name] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cdsnlp."):
            targets = [node.module.split(".")[1:]]
        elif isinstance(node, ast.Import):
            targets = [a.name.split(".")[1:] for a in node.names if a.name.startswith("cdsnlp.")]
        else:
            continue
        for t in targets:
            if t:
                yield node.lineno, t[0]


def test_every_module_has_a_layer():
    units = {p.relative_to(PKG).parts[0].removesuffix(".py") for p in PKG.rglob("*.py")}
    assert units - set(RANK) == set()


def test_lower_layers_never_import_higher_ones():
    wrong = []
    for path in sorted(PKG.rglob("*.py")):
        unit = path.relative_to(PKG).parts[0].removesuffix(".py")
        for line, target in _imports(path):
            if target == "__version__":  # `from . import __version__`: a constant of the package
                continue
            if target != unit and RANK.get(target, -1) > RANK[unit]:
                wrong.append(f"{path.relative_to(PKG.parent)}:{line}: {unit} imports {target}")
    assert wrong == []


def test_the_check_sees_a_wrong_import(tmp_path, monkeypatch):
    # the test above can fail: a structure module importing the pipeline is found
    fake = tmp_path / "cdsnlp"
    (fake / "structure").mkdir(parents=True)
    (fake / "structure" / "x.py").write_text("def f():\n    from ..pipeline import extract\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PKG", fake)
    assert list(_imports(fake / "structure" / "x.py")) == [(2, "pipeline")]
    assert RANK["pipeline"] > RANK["structure"]


def test_import_and_a_first_result_load_no_heavy_library():
    code = ("import sys, cdsnlp\n"
            "cdsnlp.analyze('Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An ký Quyết định số 01/QĐ-BTC: 33,3%.')\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
