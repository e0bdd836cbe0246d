"""Finding web addresses: full URLs, "www." names, bare domains, and "….gouv" names.

Four shapes occur in the document:

* full URLs, some in Markdown autolink brackets: ``<https://biodiversite.gouv.fr/>``;
* names starting with "www.": ``www.territoires-en-commun.fr``;
* bare domains: ``data.gouv.fr``, ``code.gouv.fr``, ``jeuxaider.gouv.fr``;
* French government platforms named without their ".fr": ``data.gouv``,
  ``Beta.gouv``, ``justice.gouv``, and ``api .gouv`` where the PDF conversion put
  a space before the dot. "gouv" is not a top-level domain: it exists only as
  ``gouv.fr``, so ``X.gouv`` can only mean the site ``X.gouv.fr``, and we read it
  so. The stray space is repaired only before ".gouv": French never puts a
  space before a full stop, so "api .gouv" cannot be a sentence ending.

E-mail addresses (``name@domain.fr``) are not web addresses: they are masked
before searching so that neither their domain nor a dotted local part
("gouvernement-ouvert.ditp@…") is read as one.

``url`` is normalised so the same site cited differently is one IRI: scheme
and host in lower case (both are case-insensitive), "https://" added when the
text has no scheme, and "/" for an empty path (RFC 3986, 6.2.3). https rather
than http because every site the document cites with a scheme is cited as
https, the sites it names without one are served over https (http requests
are redirected there), and an http IRI would name a different resource from
the same site cited with its scheme.
"""

from __future__ import annotations

import re

from ogpgraph.model import Span, WebAddress
from ogpgraph.source.lines import Line

__all__ = ["extract_web_addresses", "normalise_url"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Top-level domains accepted for bare domains. A closed list, because with any
# two letters "etc.Le" or a sentence glued by the PDF ("fin.Les") would pass;
# for the same reason no TLD that is also a French word ("de", "la", "me").
_TLDS = "fr|eu|com|org|net|int|io|info|bzh|paris|gov|edu|uk|ch|nz"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_PATH_CHARS = r"[^\s<>\"«»]"

_WEB = re.compile(
    r"(?P<url>(?:https?|ftp)://" + _PATH_CHARS + r"+)"
    r"|(?<![\w@.-])(?P<www>www\.(?:" + _LABEL + r"\.)+" + _LABEL + r"(?:/" + _PATH_CHARS + r"*)?)"
    r"|(?<![\w@.-])(?P<bare>(?:" + _LABEL + r"\.)+(?:" + _TLDS + r")(?![\w-])(?!\.[a-z0-9])"
    r"(?:/" + _PATH_CHARS + r"*)?)"
    r"|(?<![\w@.-])(?P<gouv>(?:" + _LABEL + r"\.)*" + _LABEL + r" ?\.gouv)(?![\w.-]*\w)",
    re.IGNORECASE,
)

_TRAILING = ".,;:!?'’\"»"


def _strip_trailing(text: str) -> str:
    """Drop sentence punctuation after an address, and a ")" it does not open."""
    while text:
        if text[-1] in _TRAILING:
            text = text[:-1]
        elif text[-1] == ")" and text.count("(") < text.count(")"):
            text = text[:-1]
        elif text[-1] == "]" and text.count("[") < text.count("]"):
            text = text[:-1]
        else:
            break
    return text


def normalise_url(text: str) -> str:
    """The normalised URL for an address as written (see the module docstring)."""
    address = text.replace(" ", "")  # "api .gouv": the only space an address may hold
    if "://" in address:
        scheme, rest = address.split("://", 1)
    else:
        scheme, rest = "https", address
    host, slash, path = rest.partition("/")
    host = host.lower()
    if host.endswith(".gouv"):
        host += ".fr"
    return f"{scheme.lower()}://{host}/{path if slash else ''}"


def extract_web_addresses(lines: list[Line]) -> list[WebAddress]:
    """The web addresses in ``lines``, in document order, once per line per URL.

    ``text`` is the address as written (without the "<…>" of an autolink or
    the punctuation that follows it); ``url`` is its normalised form.
    """
    out: list[WebAddress] = []
    for line in lines:
        masked = _EMAIL.sub(lambda m: " " * len(m.group(0)), line.text)
        seen: set[str] = set()
        for m in _WEB.finditer(masked):
            text = _strip_trailing(m.group(0))
            if not text:
                continue
            url = normalise_url(text)
            if url in seen:
                continue
            seen.add(url)
            out.append(WebAddress(url=url, text=text, span=Span(line.number, line.number)))
    return out
