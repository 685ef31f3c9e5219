"""Shared code for the Cancer Immunotherapy book, in four rooms plus one theme.

Chapters import from here so that they hold prose and short calls, not boilerplate:

- ``book/``       Sphinx and myst-nb plumbing: the extension, the Plotly renderer and its static JS,
                  self-check quizzes, and live-kernel detection (``live``)
- ``approvals/``  the FDA approvals data: loading and validation (``data``), chart builders
                  (``charts``), the searchable table (``tables``), the live explorer (``explorer``)
                  and the numbers the landscape chapter quotes (``landscape``)
- ``models/``     one module per model, with its figures (``<model>_figures``) and live explorer
                  (``<model>_explorer``) beside it
- ``figures/``    chapter illustrations that are not data or model views
- ``theme``       colours and the Plotly template shared by every chart
"""

__version__ = "0.1.0"
