"""Text cleaning before extraction: what spaCy reads is a paper's title and abstract without the boilerplate
that publishers and databases add to them.

- HTML entities are decoded (``17&alpha;-hydroxy`` -> ``17α-hydroxy``, ``&amp;`` -> ``&``).
- Copyright, licence and publisher notices are cut: from the first notice sentence near the end of the
  abstract ("(C) 2016 Elsevier Ltd. All rights reserved.", "© 2024 IEEE.", "Published by Elsevier B.V.",
  "This is an open access article under the CC BY licence.") to its end, with the short imprint sentence that
  may stand before "All rights reserved" ("2017 L&H Scientific Publishing, LLC."); so is the e-publication line
  that ends some abstracts, with the paper's own citation before it ("Rev. Biol. Trop. 59(4): 1777-1793. Epub
  2011 December 01."), and the citation some journals put before their notice ("Integr Environ Assess Manag
  2019;15:703-713. © 2019 SETAC.").
- Structured-abstract headings are cut ("BACKGROUND:", "Objective:", "CONCLUSION(S):", "Materials and
  methods:", "Design/methodology/approach:" ... in PubMed's upper case and WoS's title case): a heading is one
  to six words, all from the heading vocabulary, at the start of the abstract or of a sentence, followed by a
  colon; a one-word heading glued to the next word ("MethodsAll patients", as WoS keeps some PubMed abstracts)
  is cut too.
- A title written in capitals ("MEMORY AND OBLIVION: THE ART IN RECONSTRUCTION OF THE SUBJECT") is
  sentence-cased, so its words are not taken for acronyms (IN, ON, US); words with a digit keep their case
  (COVID-19).

:func:`clean_text` returns the text extraction reads (title, newline, abstract: the layout of
``Paper.text()``). Evidence offsets and sentences in :class:`~.annotations.Annotations` refer to this cleaned
text: ``clean_text(paper)[ev.start:ev.end]`` is the mention, and ``ev.text`` is the sentence of the same
string that contains it. Everything here is a handful of compiled regular expressions per text: no parsing.

>>> clean_abstract("We map land use. (C) 2016 Elsevier Ltd. All rights reserved.")
'We map land use.'
>>> clean_abstract("BACKGROUND: Frailty is common. METHODS: We surveyed 300 adults. CONCLUSIONS: It is.")
'Frailty is common. We surveyed 300 adults. It is.'
>>> clean_abstract("BackgroundMelanoma is rare. MethodsAll patients were seen.ResultsThirty were cured.")
'Melanoma is rare. All patients were seen. Thirty were cured.'
>>> clean_abstract("Numerical results include: a bound.")
'Numerical results include: a bound.'
>>> clean_abstract("Levels of 17&alpha;-hydroxy-progesterone &amp; cortisol. © 2024 IEEE.")
'Levels of 17α-hydroxy-progesterone & cortisol.'
>>> clean_abstract("Bottlenecks shaped it. Rev. Biol. Trop. 59(4): 1777-1793. Epub 2011 December 01.")
'Bottlenecks shaped it.'
>>> clean_abstract("It works. Integr Environ Assess Manag 2019;15:703-713. © 2019 SETAC.")
'It works.'
>>> clean_title("MEMORY AND OBLIVION: THE ART IN RECONSTRUCTION OF THE SUBJECT")
'Memory and oblivion: the art in reconstruction of the subject'
>>> clean_title("IMPACT OF COVID-19 ON ICU ADMISSIONS"), clean_title("Graph Neural Networks for CFD")
('Impact of COVID-19 on icu admissions', 'Graph Neural Networks for CFD')
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["clean_text", "clean_title", "clean_abstract", "mostly_upper", "CLEANING_VERSION"]

# bump when a rule changes: the cleaned text is what the extraction cache is keyed on, and it is recorded in
# the settings
CLEANING_VERSION = "4"

# words a structured-abstract heading is made of (lower case); a heading must start with one of _HEAD_FIRST
_HEAD_WORDS = frozenset(
    """background backgrounds objective objectives objetive aim aims purpose purposes introduction methods method
    methodology methodologies material materials and results result conclusion conclusions discussion design
    setting settings participants patients patient subjects interventions intervention measurements context
    findings finding case cases report presentation description summary study significance impact of the
    principal originality value research limitations implications practical social level evidence data sources
    main outcome outcomes measures measure rationale unlabelled abstract key expert opinion areas covered
    interpretation funding disclosures approach lesson lessons diagnoses concerns sample nursing practice for
    importance exposure exposures trial registration clinical hypothesis hypotheses statement problem
    relevance scope review sources selection extraction synthesis keywords aim/objective""".split()
)
_HEAD_FIRST = frozenset(
    """background objective objectives objetive aim aims purpose introduction methods method methodology material
    materials results result conclusion conclusions discussion design setting participants patients patient
    subjects interventions measurements context findings case summary significance principal originality
    research practical social level data main outcome outcomes rationale unlabelled abstract key expert areas
    interpretation funding importance exposure exposures trial clinical hypothesis statement relevance
    scope""".split()
)
# a candidate heading: at the start or after a sentence end / line break, 1-6 words (letters, '/', '&', '-',
# spaces) and a colon
_HEADING = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=[.!?]\)\s)|(?<=\n))([A-Za-z][A-Za-z/&-]*(?:[ /][A-Za-z&][A-Za-z/&-]*){0,5})\s*:\s+"
)
_HEAD_SPLIT = re.compile(r"[ /&-]+")

# where a notice starts: a copyright sign or "(C)", "Copyright", "Published by", "All rights reserved",
# "This is an open access article", a Creative Commons licence sentence, "The Author(s)"
_NOTICE = re.compile(
    r"(?:©|\(C\)\s*(?:\d{4}|[A-Z])|\(c\)\s*\d{4}|\bCopyright\b|\bCrown [Cc]opyright\b|\bPublished by\b|\bAll rights reserved\b"
    r"|\bThis is an open[- ]access article\b|\bThis article is protected by copyright\b"
    r"|\bCreative Commons\b|\bThe Author\(s\)|\bPublished under licen[cs]e\b"
    r"|\b[Ll]icensee [A-Z]|\bunder (?:the|a) CC[ -]BY\b)"
)
# the short imprint sentence that may stand right before "All rights reserved" without a sign
_IMPRINT = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:\d{4}\s+)?[A-Z][^.!?]{0,80}?(?:Ltd|Inc|LLC|GmbH|B\.V|S\.L|S\.A|Publishing|Press|"
    r"Society|Elsevier|Springer|Wiley|IEEE|Association)\b[^!?]{0,40}?$"
)
# a one-word heading glued to its section's first word, as WoS keeps some PubMed abstracts
# ("...survival data. MethodsAll patients with ...", "ResultsThirty-eight patients")
_GLUED_HEADING = re.compile(
    r"(?:^|(?<=[.!?])\s?)(Background|Objectives?|Aims?|Purpose|Introduction|Methods?|Methodology|Results|"
    r"Conclusions?|Discussion|Design|Setting|Context|Findings|Interpretation|Funding|Importance)(?=[A-Z][a-z])"
)
# the e-publication line some journals append to the abstract, with the paper's own citation before it
# ("... Rev. Biol. Trop. 59(4): 1777-1793. Epub 2011 December 01."): the date became a concept "epub"
_EPUB_TAIL = re.compile(
    r"(?:(?<=[.!?])\s+[A-Z][A-Za-z. ]{0,60}?\s\d+\s*(?:\(\s*\d+\s*\))?\s*:\s*\d+\s*[-–]\s*\d+\.)?"
    r"\s*\bEpub(?: ahead of print)?(?:\s+\d{4}(?:\s+[A-Z][a-z]+)?(?:\s+\d{1,2})?)?\.?\s*$"
)
# the paper's own citation that SETAC journals put before the copyright notice ("... Integr Environ Assess Manag
# 2019;15:703-713. © 2019 SETAC."): the journal's abbreviation became a concept of 7 MEDLINE papers
_SELF_CITATION = re.compile(
    r"(?<=[.!?])\s+[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,8} (?:19|20)\d\d\s*;\s*\d+(?:\(\d+\))?\s*:\s*[A-Za-z]?\d+"
    r"(?:\s*[-–]\s*[A-Za-z]?\d+)?\.?\s*$"
)
_SENT_START = re.compile(r"[.!?]\s+(?=\S)")
_WS = re.compile(r"[ \t]+")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


def _strip_notice(text: str) -> str:
    """Cut the copyright / licence / publisher notice that ends an abstract (see the module docstring)."""
    n = len(text)
    for m in _NOTICE.finditer(text):
        start = m.start()
        # a notice begins a sentence: move back to the start of the sentence that contains the marker, when it
        # is a short imprint ("Published by Elsevier Ltd. All rights reserved." is one notice)
        head = text[:start]
        cut = head.rfind(". ") + 2 if ". " in head else 0
        if cut > 0 and start - cut > 160:
            cut = start  # the marker is inside a long sentence: cut only from the marker
        # only a notice at the end of the abstract: what follows the marker is short
        if n - start > 400 and start < 0.6 * n:
            continue
        kept = text[:cut].rstrip()
        imprint = _IMPRINT.search(kept)
        if imprint and m.group(0).startswith("All rights"):
            kept = kept[: imprint.start()].rstrip()
        return kept
    return text


def _is_heading(words: str) -> bool:
    parts = [w for w in _HEAD_SPLIT.split(words.lower()) if w]
    return 1 <= len(parts) <= 6 and parts[0] in _HEAD_FIRST and all(w in _HEAD_WORDS for w in parts)


def _strip_headings(text: str) -> str:
    if ":" not in text:
        return text
    return _HEADING.sub(lambda m: "" if _is_heading(m.group(1)) else m.group(0), text)


def clean_abstract(abstract: str | None) -> str:
    """The abstract without HTML entities, publisher notices and structured-abstract headings."""
    if not abstract:
        return ""
    text = _strip_headings(_strip_notice(_unescape(abstract).strip()))
    text = _GLUED_HEADING.sub(lambda m: " " if m.start() else "", text)
    if "Epub" in text:
        text = _EPUB_TAIL.sub("", text)
    if ";" in text:
        text = _SELF_CITATION.sub("", text)
    return _WS.sub(" ", text).strip()


def mostly_upper(text: str) -> bool:
    """Written in capitals: 8 letters or more, at least 80% of them capitals ("NEW MIXING RULE", "MAGNETIC
    MATERIALS"; not "MTJ" or "COVID-19")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _case_word(word: str) -> str:
    return word if any(c.isdigit() for c in word) else word.lower()


def clean_title(title: str | None) -> str:
    """The title with HTML entities decoded and, when it is written in capitals, sentence-cased."""
    if not title:
        return ""
    text = _unescape(title).strip()
    if mostly_upper(text):
        words = [_case_word(w) for w in text.split(" ")]
        text = " ".join(words)
        for i, c in enumerate(text):
            if c.isalpha():
                text = text[:i] + c.upper() + text[i + 1 :]
                break
    return text


def clean_text(paper: Any) -> str:
    """What extraction reads of a paper: the cleaned title (ending with a full stop) and the cleaned abstract,
    joined like ``Paper.text()``."""
    title = clean_title(paper.title)
    if title and title[-1] not in ".?!":
        title += "."
    abstract = clean_abstract(paper.abstract)
    return f"{title}\n{abstract}" if abstract else title
