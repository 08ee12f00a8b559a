"""Errors shared by the command-line commands (defined in several modules)."""

from __future__ import annotations


class CliError(Exception):
    """An error reported as one line, without a traceback."""
