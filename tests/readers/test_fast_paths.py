"""The reading fast paths give what the plain definitions give.

Each fast path (readers/wos.py, readers/_text.py, model.py) skips work that a simple, slower definition does;
the simple definitions are written out here with the standard library and compared on every cited reference,
name and title of the WoS set and on random strings made of the characters that matter (whitespace of every
kind, accents, brackets, '&', digits, 'DOI').
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from scholargraph import model
from scholargraph.readers import _text, wos


def _random_strings(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    alphabet = list("aZ09 ,.-_<>/;:()[]&'\"x") + [
        "10.",
        "DOI",
        "DOI ",
        "\t",
        "\n",
        "\u00a0",
        "\u2009",
        "\x1f",
    ]
    alphabet += list("éÅßİıǅﬁ①²½\u0301\u200b٣")
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24))) for _ in range(n)]


def _plain_clean(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", " ", str(text)).strip() or None


def _plain_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _plain_title(title: str | None) -> str:
    if not title:
        return ""
    text = re.sub(r"[^\w\s]", " ", re.sub(r"<[^>]+>", " ", _plain_fold(title)))
    return re.sub(r"\s+", " ", text).strip()


def _plain_name(name: str | None) -> str:
    if not name:
        return ""
    family, comma, given = name.strip().partition(",")
    text = f"{given} {family}" if comma else family
    text = re.sub(r"[^\w\s-]", " ", _plain_fold(text)).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


_DOI_IN_REF = re.compile(r"\bDOI\s+(?:DOI\s+)?")  # the plain forms of wos._DOI_IN_REF and wos._REF_YEAR
_REF_YEAR = re.compile(r"[^,]*,\s*([12]\d{3})\s*(?:,|$)")


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


@pytest.fixture(scope="module")
def wos_strings(corpora) -> dict[str, list[str]]:
    from scholargraph.readers import read

    corpus = read(sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz")))
    return {
        "refs": [r.raw for p in corpus.papers for r in p.references],
        "names": [n for p in corpus.papers for a in p.authors for n in (a.raw, a.name, a.family) if n],
        "titles": [p.title for p in corpus.papers],
    }


@pytest.mark.shared
def test_on_the_wos_set(wos_strings):
    refs = wos_strings["refs"]
    assert len(refs) > 240_000
    plain = 0
    for raw in refs:
        assert _span(wos._DOI_IN_REF.search(raw)) == _span(_DOI_IN_REF.search(raw)), raw
        y1, y2 = wos._REF_YEAR.match(raw), _REF_YEAR.match(raw)
        assert (y1 and y1.group(1)) == (y2 and y2.group(1)), raw
        m = _DOI_IN_REF.search(raw)
        if m and wos._PLAIN_DOI.fullmatch(raw, m.end()):
            assert model.normalize_doi(raw[m.end() :].strip()) == raw[m.end() :].lower(), raw
            plain += 1
        assert _text.clean(raw) == _plain_clean(raw)
    assert plain > 150_000  # the fast path is the common case
    for name in wos_strings["names"]:
        assert model.normalize_name(name) == _plain_name(name), name
    for title in wos_strings["titles"]:
        assert model.normalize_title(title) == _plain_title(title), title


def test_on_random_strings():
    strings = _random_strings(30_000)
    for s in strings:
        assert _text.clean(s) == _plain_clean(s), repr(s)
        assert model.normalize_title(s) == _plain_title(s), repr(s)
        assert model.normalize_name(s) == _plain_name(s), repr(s)
        assert _span(wos._DOI_IN_REF.search(s)) == _span(_DOI_IN_REF.search(s)), repr(s)
        y1, y2 = wos._REF_YEAR.match(s), _REF_YEAR.match(s)
        assert (y1 and y1.group(1)) == (y2 and y2.group(1)), repr(s)
        doi = "10.1234/" + s
        if wos._PLAIN_DOI.fullmatch(doi):
            assert model.normalize_doi(doi) == doi.lower(), repr(doi)
        # find_doi's fast path gives what its regex path gives
        for text in (f"X Y, 2001, J, DOI {doi}", f"{s} 10.12/{s}", s):
            m = model._DOI_RE.search(text)
            assert model.find_doi(text) == (model._doi_text(m.group(0)) if m else None), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith J, 2001, X, DOI 10.1000/ABC",
        "Smith J, 2001, X, DOI 10.1000/abc.",  # trailing full stop: not plain
        "Smith J, 2001, X, DOI 10.1000/a&amp;b",
        "Smith J, 2001, X, DOI 10.1000/(SICI)1097-4547(19991215)58:6<815::AID-JNR8>3.0.CO;2-R",
        "Smith J, 2001, X, DOI 10.1000/x)",
        "Smith J, 2001, X, DOI 10.1016/j. reumae.2021.09.003",
        "Smith J, 2001, X, DOI DOI 10.1000/_",
        "XDOI 10.1000/a",
        "(DOI 10.1000/a)",
        "Y, 2001 , Z",
        "Y,2001\n",
        "Y, ２００１, Z",
    ],
)
def test_hand_made_cases(text):
    assert _span(wos._DOI_IN_REF.search(text)) == _span(_DOI_IN_REF.search(text))
    y1, y2 = wos._REF_YEAR.match(text), _REF_YEAR.match(text)
    assert (y1 and y1.group(1)) == (y2 and y2.group(1))
    m = _DOI_IN_REF.search(text)
    if m:
        rest = text[m.end() :].strip()
        if wos._PLAIN_DOI.fullmatch(rest):
            assert model.normalize_doi(rest) == rest.lower()
    ref = wos.parse_cited_reference(text)
    assert ref == wos._parse_clean_reference(text.strip())
