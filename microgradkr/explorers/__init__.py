"""The live explorers: sliders on a graph's inputs, buttons on a training run (Jupyter, ipywidgets).

Read in this order:

- ``entry``: ``explore(...)``, the one entry point; it picks the explorer for what it is given
- ``ranges``: where each slider starts and what it covers
- ``graph``: :class:`GraphExplorer`, a graph's backward picture under its sliders
- ``training``: :class:`TrainingExplorer`, step, play/pause, learning rate, live plots
- ``kit``: what both share (ipywidgets, "am I in a notebook?", pictures as HTML)

Why the package is ``explorers`` and not ``explore``: ``microgradkr.explore`` is
the *function* ``explore``.  Importing a submodule sets it as an attribute of its
parent package, so a package ``microgradkr/explore/`` would replace the function
with a module the moment ``microgradkr.explore.graph`` is imported, and
``microgradkr.explore(...)`` would stop working.

Only ipywidgets 7.7 API is used (Colab ships ipywidgets 7.7.1; JupyterLab 4,
Notebook 7 and VS Code use 8): the tests drive the explorers under both.
"""

from .entry import explore, make_explorer

__all__ = ["explore", "make_explorer"]
