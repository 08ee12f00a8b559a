"""Where the command line may write: checks made before any work is done.

- an output is never one of the inputs, nor inside an input folder (writing
  would truncate an input before it is read, or the output would be read back
  as an input by this run or the next);
- an output file whose folder does not exist is refused before the inputs
  are read (a typo in a path fails at once, not after hours of work; the
  folder of ``--format html`` pages is created, it is the output itself);
- file names made from document ids keep letters, digits, ``.``, ``-`` and
  ``_`` only, so an id such as ``../../etc/passwd`` or ``/abs/path`` never
  leads out of the output folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path


class OutputPathError(ValueError):
    """An output path that would overwrite or mix with the inputs."""


def _real(p: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.abspath(os.fspath(p))))


def check_output(output: str | os.PathLike[str] | None, inputs: Iterable[str], *, what: str = "--output",
                 inside: bool = True) -> None:
    """Raise :class:`OutputPathError` when ``output`` is an input file or
    folder, or (``inside``: the output is of a kind the inputs are read as)
    inside an input folder. Symlinks are resolved."""
    if output is None or os.fspath(output) in ("", "-"):
        return
    out = _real(output)
    for p in inputs:
        if p in ("", "-"):
            continue
        src = _real(p)
        if out == src:
            raise OutputPathError(f"{what} {output} is also an input: refusing to overwrite it")
        if inside and src.is_dir() and out.is_relative_to(src):
            raise OutputPathError(f"{what} {output} is inside the input folder {p}: it would be read as an input; write it elsewhere")


def check_output_file(output: str | os.PathLike[str] | None) -> None:
    """Raise :class:`OutputPathError` unless ``output`` can be a file in an
    existing folder (checked before any work is done)."""
    if output is None or os.fspath(output) in ("", "-"):
        return
    path = Path(output)
    if path.is_dir():
        raise OutputPathError(f"--output {output} is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise OutputPathError(f"--output {output}: the folder {parent} {what}; create it first")


_UNSAFE = re.compile(r"[^\w.-]+")


def safe_file_stem(name: str, default: str = "doc", limit: int = 80) -> str:
    """A file name stem made from ``name`` (a path or a document id) that
    stays inside the folder it is written to: its last part, other characters
    as ``_``, no leading dots, at most ``limit`` characters."""
    last = re.split(r"[/\\]", name.rstrip("/\\"))[-1]
    stem = Path(last).stem if "." in last[1:] else last
    stem = _UNSAFE.sub("_", stem).lstrip(".")[:limit].strip("_")
    return stem or default
