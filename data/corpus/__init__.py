"""The annotated cdsnlp corpus (train/validation/test JSONL), installed as the
package ``cdsnlp.corpus`` so ``cdsnlp.data.load_corpus()`` works offline."""
