"""ambassador: find the employees who embody a company's culture.

The package holds every stage of the pipeline as plain functions (ingest, resolve,
graph, culture, rank, publish; see :mod:`ambassador.pipeline`). It never imports
Prefect: ``flows/`` wires these functions into the nightly flow.
"""

__version__ = "0.1.0"
