"""The page language, and the UI strings in it (the strings themselves: server/strings.py).

Chosen by ``?lang=fr|en`` (links keep it), else the Accept-Language header,
else French. No cookie: the choice is visible in the URL, so shared caches
stay correct with ``Vary: Accept-Language``. The data itself is in French;
only the interface around it switches.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request

from .strings import MONTHS, STRINGS

LANGUAGES = ("fr", "en")


def current_language() -> str:
    """The page language: ``?lang=``, else the best of Accept-Language, else French. Chosen on
    first use in a request (a SPARQL or RDF answer never needs it)."""
    lang = g.get("lang")
    if lang is None:
        lang = request.args.get("lang")
        if lang not in LANGUAGES:
            lang = request.accept_languages.best_match(LANGUAGES, default="fr")
        g.lang = lang
    return lang


def t(key: str) -> str:
    """The UI string ``key`` in the current language."""
    return STRINGS[key][current_language()]


def page_strings(page: str) -> dict[str, str]:
    """One page's own strings (``{page}.name`` in the table) by ``name``, in the current language."""
    prefix, lang = page + ".", current_language()
    return {key[len(prefix):]: text[lang] for key, text in STRINGS.items() if key.startswith(prefix)}


def kind(code: str | None) -> str:
    """A legal text's or programme's kind (``loi``, ``strategy``…) in the current language."""
    entry = STRINGS.get(f"kind.{code}")
    return entry[current_language()] if entry else (code or "")


def date(iso: str | None) -> str:
    """``2022-06-30`` as "30 juin 2022" / "30 June 2022"; ``2021-12`` as "décembre 2021"; else unchanged."""
    if not iso:
        return ""
    parts = iso.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return iso
    months = MONTHS[current_language()]
    if len(numbers) == 3 and 1 <= numbers[1] <= 12:
        day = "1er" if numbers[2] == 1 and current_language() == "fr" else str(numbers[2])
        return f"{day} {months[numbers[1] - 1]} {numbers[0]}"
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return f"{months[numbers[1] - 1]} {numbers[0]}"
    return iso


def switch_language_url(lang: str) -> str:
    """This page in ``lang``: the same path and query (search words, filters), ``lang`` replaced."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return "?" + urlencode([*args, ("lang", lang)])


def register_i18n(app: Flask) -> None:
    app.jinja_env.globals.update(t=t, current_language=current_language, kind=kind, date=date,
                                  switch_language_url=switch_language_url)
