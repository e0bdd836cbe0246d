"""Every legal mention of the document is accounted for (src/ogpgraph/legal_coverage.py):
either part of a citation that became a legal resource, or explained as no citation."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from ogpgraph.build import load_plan
from ogpgraph.legal_coverage import legal_mentions


@pytest.fixture(scope="module")
def mentions():
    plan, _ = load_plan()
    return legal_mentions(plan)


def test_no_legal_mention_is_unaccounted_for(mentions):
    unaccounted = [(m.line, m.words) for m in mentions if m.status == "unaccounted for"]
    assert unaccounted == []
    # and the report covers the mentions a reader finds by hand: a hundred or so words
    assert Counter(m.status for m in mentions) == {"cited": 50, "not a citation": 60}


@pytest.mark.parametrize("line,words,where", [
    # read in the document, each where the issue found it missing
    (3708, "Constitution", "constitution-1958"),
    (3708, "Déclaration des droits", "declaration-1789"),
    (3708, "article", "declaration-1789/article/15"),  # "L'article 15 de la Déclaration…"
    (2686, "LPR", "loi-2020-1674"),
    (1301, "articles", "code-commande-publique/article/R2196-1, code-commande-publique/article/R3131-1"),
    (2398, "articles", "reglement-ue-2016-679/article/12, reglement-ue-2016-679/article/13, "
                       "reglement-ue-2016-679/article/14"),  # "le RGPD … dans ses articles 12, 13 et 14"
    (700, "loi", "loi-2021-1104"),
    (700, "Article", "loi-2021-1104/article/2"),  # "loi Climat & Résilience (Article 2)"
])
def test_where_the_mentions_went(mentions, line, words, where):
    found = [m for m in mentions if m.line == line and m.words == words]
    assert found and found[0].status == "cited" and found[0].where == where


@pytest.mark.parametrize("line,words,reason", [
    (2418, "constitution", "ordinary sense"),        # "Début de la constitution : janvier 2021"
    (3124, "loi", "generic reference"),              # "la loi prévoit qu'ils soient informés"
    (1650, "directive", "reference back"),           # "La directive UE précitée"
    (3031, "codes", "source code"),                  # "les codes sources publiés par d'autres administrations"
])
def test_why_the_others_are_no_citation(mentions, line, words, reason):
    found = [m for m in mentions if m.line == line and m.words.lower() == words and m.status == "not a citation"]
    assert found and reason in found[0].where


def test_the_command_reports_and_exits_0():
    run = subprocess.run([sys.executable, "-m", "ogpgraph", "coverage", "--legal"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "cited: 50, not a citation: 60, unaccounted for: 0"
