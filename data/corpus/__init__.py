"""The annotated cdsnlp corpus (train/validation/test JSONL), installed as the
package ``cdsnlp.corpus`` so ``cdsnlp.annotation.load_corpus()`` works offline."""
