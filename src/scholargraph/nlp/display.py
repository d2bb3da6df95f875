"""How a concept is written for people: its lower-case canonical name with the capitals its papers write.

Concept names are lower case so that "Graph neural networks" and "graph neural network" are one concept, but
"fept", "topsis", "covid-19" and "t. cruzi" read as typing slips to a physicist, a decision analyst or a
parasitologist. The display form puts back the capitals a word carries *inside* it, as the papers write it:
FePt, TOPSIS, COVID-19, SARS-CoV-2, T. cruzi, mRNA, Landau-Lifshitz-Gilbert.

The rule, word by word (a word of the name against the word in the same place of each surface form of the same
length; a surface form only votes for a word it spells the same, case and a plural -s aside):

- a spelling with a capital after the word's first character ("FePt", "COVID-19", "mRNA", "Landau-Lifshitz")
  or a one-letter capital ("T", "T.") votes for itself -- but from a title only when a hyphen-separated piece of
  the word has a capital after its own first letter ("COVID-19", "SARS-CoV-2"), since Title Case writes
  "Spin-Transfer Torque";
- the lower-case spelling votes for lower case;
- a capitalised spelling ("Colombia", "Chagas") votes for itself where neither a title style nor a sentence
  start can have made it: outside the title, and not as the first word of a sentence (unless the next word has
  a capital too: "Latin America is ...");
- a word of a surface form written in capitals with a word of eight letters or more ("CHILDREN", "INFORMAL
  URBAN HABITAT" of an abstract written in capitals) votes only where every spelling of the concept writes the
  word so;
- every other spelling abstains.

The spelling with most votes wins; lower case wins ties. A word that no surface form of the concept spells at
all (an acronym read as its long form: "stochastic LLG equation" is the "stochastic Landau-Lifshitz-Gilbert
equation") is written as the corpus' votes for that word in its other concepts say; lower case when nobody voted
for it anywhere. So "Chagas disease",
"Trypanosoma cruzi" and "Colombia" keep the capitals the abstracts give them, "malaria" at the start of a
sentence stays lower case. The display form differs from the name by case alone (``display.lower() ==
name``), so it names the same concept everywhere.

>>> votes = DisplayVotes()
>>> for surface, where in [("FePt films", ""), ("FePt film", "title"), ("COVID-19 Pandemic", "title"),
...                        ("covid-19 pandemic", ""), ("COVID-19 pandemic", ""), ("Colombia", ""),
...                        ("Spin-Transfer Torque", "title"), ("T. cruzi", ""), ("Malaria", "sentence start"),
...                        ("Latin America", "sentence start"), ("CHILDREN", ""), ("Children", ""), ("children", ""),
...                        ("FEDESARROLLO", "")]:
...     votes.add(surface.lower().rstrip("s"), surface, where == "title", where == "sentence start")
>>> names = ("fept film", "covid-19 pandemic", "colombia", "spin-transfer torque", "t. cruzi", "malaria")
>>> [votes.display(n) for n in names], votes.display("latin america")
(['FePt film', 'COVID-19 pandemic', 'Colombia', 'spin-transfer torque', 'T. cruzi', 'malaria'], 'Latin America')
>>> votes.display("children"), votes.display("fedesarrollo")
('children', 'FEDESARROLLO')
"""

from __future__ import annotations

import re
from collections import Counter

from .cleaning import mostly_upper

__all__ = ["DisplayVotes", "DISPLAY_RULE"]

DISPLAY_RULE = (
    "the concept name with the capitals its papers write (FePt, COVID-19, mRNA, T. cruzi, Chagas), word by word "
    "by majority of the spellings; a first capital counts only outside titles and sentence starts"
)
_LETTERS = re.compile(r"[^\W\d_]+")


def _inner_capital(word: str) -> bool:
    """A capital after the word's first letter, or a one-letter capital ('T', 'T.')."""
    letters = "".join(_LETTERS.findall(word))
    return any(c.isupper() for c in letters[1:]) or (len(letters) == 1 and letters.isupper())


def _shouted(surface: str) -> bool:
    """A surface form written in capitals (:func:`.cleaning.mostly_upper`) with a word (or a hyphen's piece) of
    eight letters or more: "CHILDREN", "INFORMAL URBAN HABITAT", "RONCADOR CAY"; not "MALDI-TOF MS", "CRISPR",
    "COVID-19"."""
    return mostly_upper(surface) and any(len(piece) >= 8 for piece in _LETTERS.findall(surface))


def _piece_capital(word: str) -> bool:
    """A hyphen-separated piece with a capital after its own first letter ('COVID-19', 'SARS-CoV-2', not
    'Spin-Transfer'), or a one-letter capital."""
    return any(_inner_capital(piece) for piece in word.split("-"))


def _capital(words: list[str], i: int) -> bool:
    """Word ``i`` exists and starts with a capital."""
    return i < len(words) and words[i][:1].isupper()


class DisplayVotes:
    """Collects the spellings of each concept's words (:meth:`add`) and gives the display form (:meth:`display`)."""

    def __init__(self) -> None:
        self._votes: dict[str, list[Counter[str]]] = {}
        self._words: dict[str, Counter[str]] = {}  # word -> its votes in every concept
        self._spelt: dict[str, set[int]] = {}  # concept -> the places of its words some surface form spells
        self._weak: dict[str, dict[int, Counter[str]]] = {}  # concept -> place -> votes of words in capitals
        self._cased: dict[str, set[int]] = {}  # concept -> the places a spelling not in capitals spells

    def add(
        self, name: str, surface: str, in_title: bool = False, sentence_start: bool = False, weight: int = 1
    ) -> None:
        """Count the spellings ``surface`` gives the words of concept ``name`` (the words it spells the same,
        case and a plural -s aside, in the same place; nothing from a surface form with another number of
        words). ``in_title``: the surface form is in the title; ``sentence_start``: it starts a sentence;
        ``weight``: how many times it was seen."""
        words = name.split()
        # (an acronym in brackets inside the surface is its definition: "Landau-Lifshitz-Gilbert (LLG) equation")
        spelt = surface.split()
        if "(" in surface:
            spelt = [s for s in spelt if not (s[:1] == "(" and s[-1:] == ")")]
        if len(words) != len(spelt):
            return
        votes = self._votes.get(name)
        places = self._spelt.get(name)
        loud = _shouted(surface)
        for i, (w, s) in enumerate(zip(words, spelt, strict=True)):
            low = s.lower()
            if low != w and low in (w + "s", w + "es"):  # "Models" spells "model" as "Model"
                s, low = s[: len(w)], w
            if low != w:
                continue
            if places is None:
                places = self._spelt[name] = set()
            places.add(i)
            if loud and not any(c.islower() for c in s):
                # "CHILDREN" in an abstract written in capitals: a vote only where every spelling is so written
                self._weak.setdefault(name, {}).setdefault(i, Counter())[s] += weight
                continue
            self._cased.setdefault(name, set()).add(i)
            if s == w:
                vote = w
            elif _piece_capital(s) if in_title else _inner_capital(s):
                vote = s
            elif (
                not in_title
                and s[:1].isupper()
                and s[1:].islower()
                and (i or not sentence_start or _capital(spelt, 1))
            ):
                vote = s  # (a sentence start counts when the next word has a capital too: "Latin America is")
            else:
                continue
            if votes is None:
                votes = self._votes[name] = [Counter() for _ in words]
            votes[i][vote] += weight
            if (seen := self._words.get(w)) is None:
                seen = self._words[w] = Counter()
            seen[vote] += weight

    def display(self, name: str) -> str:
        """``name`` with each word spelt as most of its votes say (lower case on ties and without votes)."""
        if " ".join(name.split()) != name:
            return name
        votes = self._votes.get(name) or [Counter() for _ in name.split()]
        places = self._spelt.get(name, set())
        out = []
        weak, cased = self._weak.get(name, {}), self._cased.get(name, set())
        for i, (w, v) in enumerate(zip(name.split(), votes, strict=True)):
            if not v and i in weak and i not in cased:
                v = weak[i]
            elif not v and i not in places:
                v = self._words.get(w)
            best = min(v.items(), key=lambda kv: (-kv[1], kv[0] != w, kv[0]))[0] if v else w
            out.append(best)
        shown = " ".join(out)
        return shown if shown.lower() == name.lower() else name
