"""Shared code for the Cancer Immunotherapy book.

Chapters import from here so that they hold prose and short calls, not boilerplate:

- ``data``       load and validate ``data/fda_approvals.csv`` against ``data/datapackage.json``
- ``charts``     Plotly figures of the approvals data
- ``explorer``   the live ipywidgets explorer of the approvals data
- ``tables``     the searchable approvals table (itables, offline)
- ``model``      the tumour–immune ODE model; ``model_figures`` and ``model_explorer`` show it
- ``theme``      colours and the Plotly template shared by every chart
- ``quiz``       self-check quizzes that work without a kernel
- ``live``       tells whether code runs in the static HTML build or in a live kernel
- ``plotly_renderer`` and ``sphinx_ext``  turn Plotly outputs into charts in the HTML book
"""

__version__ = "0.1.0"
