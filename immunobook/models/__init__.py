"""Models used in the chapters: one module per model, with its figures and explorer beside it."""
