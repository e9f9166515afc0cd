"""Shipped glossary data (YAML). Read with importlib.resources; see docs/glossary.md."""
