"""Where the project's files are: the one owner of every path the code opens by default.

Two layouts hold the same files:

- a checkout (or an editable install): the repository root, the folder above ``src/``;
- an installed wheel: ``<prefix>/share/ogpgraph/``, where ``pyproject.toml``'s ``data-files``
  put the ontology, the shapes, the source text, the reference tables, the built Turtle, the
  example queries and the SHACL-engine script.

Every default below is relative to that root (``ROOT``); settings and command-line options
override each one where a user may want another file.
"""

from __future__ import annotations

import site
import sys
from pathlib import Path

# What marks a folder as holding the project's files (in both layouts).
_MARKER = Path("ontology") / "ogp.ttl"


def _find_root() -> Path:
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / _MARKER).is_file():
        return checkout
    for prefix in (sys.prefix, site.getuserbase()):
        installed = Path(prefix) / "share" / "ogpgraph"
        if (installed / _MARKER).is_file():
            return installed
    raise RuntimeError(
        f"ogpgraph's files (ontology, shapes, data) are neither in a checkout around {checkout} "
        f"nor installed under {sys.prefix}/share/ogpgraph: reinstall the package"
    )


ROOT = _find_root()

ONTOLOGY = ROOT / "ontology" / "ogp.ttl"
SHAPES = ROOT / "shapes" / "ogp-shapes.ttl"

SOURCE_DIR = ROOT / "data" / "source"
# The facts read from the OGP's commitment registry: a byte-identical copy of
# ../shared/data/ogp-registry/ (its README says how they were read).
REGISTRY_DIR = SOURCE_DIR / "ogp-registry"
REFERENCE_DIR = ROOT / "data" / "reference"
PROGRAMMES = REFERENCE_DIR / "programmes.yaml"
ORGANISATIONS = REFERENCE_DIR / "organisations.yaml"
PEOPLE = REFERENCE_DIR / "people.yaml"
NAMES = REFERENCE_DIR / "names.yaml"
RETIRED_IRIS = REFERENCE_DIR / "retired-iris.yaml"

# What `ogpgraph build` writes and the service serves by default
DATA_DIR = ROOT / "data" / "ttl"
# Every IRI ever published (docs/iris.md)
IRI_LEDGER = ROOT / "data" / "iris.txt"

QUERIES_DIR = ROOT / "queries"
# The second SHACL engine (Node's shacl-engine) and the SPARQL page's YASGUI: npm packages
NODE_MODULES = ROOT / "node_modules"
SHACL_ENGINE_SCRIPT = ROOT / "tools" / "shacl-engine" / "validate.mjs"


def display(path: Path) -> str:
    """``path`` as written into the built files: relative to the root when inside it, else its
    name alone, so that the bytes do not depend on where the project is checked out."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name
