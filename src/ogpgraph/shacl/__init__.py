"""SHACL validation of the graph against ``shapes/ogp-shapes.ttl``.

``ogpgraph validate [FILE|URL ...]`` loads the data (by default the built graph,
``data/ttl/*.ttl``, together with the ontology), runs pyshacl, turns pyshacl's
results graph into a small report model (:class:`Report`) and renders it as text,
Turtle or JSON-LD (the ``sh:ValidationReport`` itself), HTML or Markdown (the
data-quality page, ``docs/data-quality.md``).

One job per module:

* :mod:`.inputs`: loading the data (files, http(s) URLs) and the shapes; :class:`InputError`;
* :mod:`.run`: running pyshacl or pyshacl-turbo, and :func:`validate` (load, run, report);
* :mod:`.report`: the report model (:class:`Report`) built from an engine's results graph;
* :mod:`.render`: text, Turtle, JSON-LD, HTML and Markdown renderings (:func:`render`);
* :mod:`.untrusted`: parsing data sent to ``POST /shacl/validate``, refusing what could fetch or expand;
* :mod:`.isolated`: validating that data in a child process, with a time limit and a memory cap;
* :mod:`.engines`: shacl-engine under Node, the second opinion;
* :mod:`.compare`: whether two engines' reports agree.
"""

from .inputs import InputError
from .render import render
from .report import Report
from .run import validate

__all__ = ["InputError", "Report", "render", "validate"]
