"""Finding amounts of money: "61 M€", "7 millions d'euros", "220 000 euros", "200k€".

An amount is a number followed by a currency, possibly with a multiplier in
between (k, M, Md, mille, million, milliard). Without a number there is no
amount: "plusieurs millions d'euros" states an order of magnitude, not a
value, and is skipped. Without a currency a number is not money: "2,5
millions en 2020" (visitors) and "treize millions de personnes" are skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ogpgraph.model import MoneyAmount, Span
from ogpgraph.source.lines import Line

__all__ = ["extract_money", "sentence_at"]

# Number words that can precede "million(s)" / "milliard(s)" ("un million
# d'euro"); larger spelt-out numbers are written in digits in this kind of text.
_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "cinquante": 50, "cent": 100,
}  # fmt: skip

# A figure: thousands grouped by (narrow/non-breaking) spaces or dots,
# "12 000", "1.500.000", or plain "40000", with an optional decimal comma.
_FIGURE = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER = r"(?P<num>" + _FIGURE + r"|(?:" + "|".join(_WORDS) + r")(?=\s))"

_SYMBOL_MULTIPLIERS = {"k": 10**3, "K": 10**3, "M": 10**6, "Md": 10**9, "Mds": 10**9, "Mrd": 10**9,
                       "Mrds": 10**9}  # fmt: skip
_WORD_MULTIPLIERS = {"mille": 10**3, "million": 10**6, "milliard": 10**9}

_CURRENCIES = {
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD",
    "£": "GBP", "gbp": "GBP", "chf": "CHF",
}  # fmt: skip
_CURRENCY = r"(?P<cur>€|\$|£|euros?\b|dollars?\b|EUR\b|USD\b|GBP\b|CHF\b)"

_AMOUNT = re.compile(
    # Not inside a longer figure or word ("2021" must not yield "021").
    r"(?<![\w,.])" + _NUMBER +
    r"(?:"
    # "61 M€", "6M€", "200k€", "3 Md€", "12 000 €", "100 000€", "5 M EUR"
    r"\s?(?P<sym>k|K|M|Mds?|Mrds?)?\s?(?P<cur1>€|\$|£)"
    r"|\s?(?P<sym2>k|K|M|Mds?|Mrds?)\s?(?P<iso>EUR|USD|GBP|CHF)\b"
    # "7 millions d'euros", "un million d'euro", "100 milliards de dollars"
    r"|\s+(?P<word>mille|millions?|milliards?)\s+(?:d['’]\s*|de\s+)" + _CURRENCY +
    # "220 000 euros", "40000 euros HT", "1 500 EUR"
    r"|\s+(?P<cur2>euros?\b|dollars?\b|EUR\b|USD\b|GBP\b|CHF\b)"
    r")"
    # Tax qualifiers belong to the amount as written.
    r"(?:\s+(?:HT|TTC)\b)?"
)

# A sentence ends at . ! ? followed by a space and a capital (or an opening
# quote/bracket), except after an initial or a common abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(\[A-ZÀÂÇÉÈÊËÎÏÔÙÛÜ0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bM|\bMme|\bcf|\betc|\bart|\bp|\bpp|\bvol)\.$")
_BULLET = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` containing character ``offset``, without a leading bullet.

    Sentences are cut at ". " before a capital, not after an initial or an
    abbreviation such as "M." or "cf.", which would otherwise split a sentence
    in two.
    """
    start = 0
    for cut in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[: cut.start()]):
            continue
        if cut.start() >= offset:
            return _BULLET.sub("", text[start : cut.start()]).strip()
        start = cut.end()
    return _BULLET.sub("", text[start:]).strip()


def _figure_value(number: str) -> Decimal:
    if number.lower() in _WORDS:
        return Decimal(_WORDS[number.lower()])
    digits = re.sub(r"[ \u00a0\u202f.]", "", number).replace(",", ".")
    return Decimal(digits)


def _multiplier(match: re.Match[str]) -> int:
    symbol = match.group("sym") or match.group("sym2")
    if symbol:
        return _SYMBOL_MULTIPLIERS[symbol]
    word = match.group("word")
    if word:
        return _WORD_MULTIPLIERS[word.rstrip("s")]
    return 1


def extract_money(lines: list[Line]) -> list[MoneyAmount]:
    """The amounts of money in ``lines``, in document order.

    ``value`` is in units of the currency ("1,5 M€" → 1500000); ``sentence``
    is the sentence of the line that holds the amount.
    """
    out: list[MoneyAmount] = []
    for line in lines:
        for m in _AMOUNT.finditer(line.text):
            currency_text = next(
                g for g in (m.group("cur1"), m.group("iso"), m.group("cur"), m.group("cur2")) if g
            )
            value = _figure_value(m.group("num")) * _multiplier(m)
            out.append(
                MoneyAmount(
                    # "1,5" × 10**6 is Decimal("1500000.0"): drop the spurious decimal place.
                    value=value.to_integral_value() if value == value.to_integral_value() else value,
                    currency=_CURRENCIES[currency_text.lower()],
                    text=m.group(0),
                    sentence=sentence_at(line.text, m.start()),
                    span=Span(line.number, line.number),
                )
            )
    return out
