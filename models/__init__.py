"""Trained models shipped with cdsnlp (installed as the package ``cdsnlp.models``)."""
