"""Where extraction used to live: its stages are now transforms/extraction/ (see its
package docstring); these two entry points keep the import path that flows/ uses."""

from transforms.extraction.articles import extract_events, extract_events_batch

__all__ = ["extract_events", "extract_events_batch"]
