"""Sphinx and myst-nb plumbing: the HTML book's extension, Plotly renderer, quizzes, live detection."""
