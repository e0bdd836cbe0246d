"""France's OGP action plan 2021-2023 as a linked-data knowledge graph."""

__version__ = "0.1.0"
