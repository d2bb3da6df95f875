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


# ------------------------------------------------------------------------------- cited-reference lists, lists


def _plain_reference(raw: str):
    """A Reference as _parse_clean_reference defines it, written with the plain regexes in two steps."""
    from scholargraph.model import Reference

    doi, alt = None, ()
    if "DOI" in raw or "doi" in raw or "10." in raw:
        if raw.endswith("."):
            raw = raw[:-1]
        m = _DOI_IN_REF.search(raw)
        if m is not None and wos._PLAIN_DOI.fullmatch(raw, m.end()):
            doi = raw[m.end() :].lower()
        elif dois := wos._reference_dois(raw, m):
            doi, alt = dois[0], tuple(dois[1:])
    y = _REF_YEAR.match(raw)
    return Reference(raw=raw, doi=doi, alt_dois=alt, year=int(y.group(1)) if y else None)


def _plain_cited_references(value):
    """cited_references without its fast paths: every item cleaned, every item asked whether it is a placeholder."""
    if not value:
        return [], []
    refs, bad = [], []
    for item in value if isinstance(value, list) else value.split("; "):
        text = _plain_clean(item)
        if text is None:
            continue
        if wos.is_placeholder_reference(text):
            bad.append(text)
        else:
            refs.append(_plain_reference(text))
    return refs, bad


def _plain_split(value, sep=";"):
    return [t for part in (value or "").split(sep) if (t := _plain_clean(part))]


@pytest.fixture(scope="module")
def wos_cr_values(corpora) -> list[str]:
    """The CR field of every record of the WoS set, as the file has it."""
    values = []
    for f in sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz")):
        with _text.open_text(f, newline="\n") as fh:
            header = fh.readline().rstrip("\r\n").lstrip("\ufeff").split("\t")
            i = header.index("CR")
            values += [row[i] for line in fh if len(row := line.rstrip("\r\n").split("\t")) > i]
    return values


@pytest.mark.shared
def test_cited_reference_lists_of_the_wos_set(wos_cr_values):
    assert sum(len(v.split("; ")) for v in wos_cr_values) > 240_000
    for value in wos_cr_values:
        assert wos.cited_references(value) == _plain_cited_references(value), value[:200]
    for value in wos_cr_values[:500]:  # the list form (plain-text and BibTeX exports)
        items = value.split("; ")
        assert wos.cited_references(items) == _plain_cited_references(items)


def test_cited_reference_lists_of_random_strings():
    rng = random.Random(1)
    parts = _random_strings(3_000, seed=2) + [
        "Smith J, 2001, X, DOI 10.1000/ABC",
        "Lee K, 2017, MEDICINE, V96, DOI [10.1097/MD.1, 10.1097/md.2]",
        "[No title captured]",
        "**DROPPED REF**",
        "2-Z",
        " ",
        "",
    ]
    for _ in range(20_000):
        items = [rng.choice(parts) for _ in range(rng.randrange(0, 6))]
        for value in ("; ".join(items), " ; ".join(items), ";".join(items), items):
            assert wos.cited_references(value) == _plain_cited_references(value), repr(value)
        s = rng.choice(parts)
        for text in (s, f"X Y, 2001, J, DOI {s}", f"X, DOI DOI 10.1234/{s}", f"DOI 10.1234/{s}"):
            # one search: the tag where _DOI_IN_REF finds it, and the DOI its _PLAIN_DOI.fullmatch would take
            m, plain = wos._DOI_TAG_PLAIN.search(text), _DOI_IN_REF.search(text)
            assert (m is None) == (plain is None), repr(text)
            if m is not None:
                full = wos._PLAIN_DOI.fullmatch(text, plain.end())
                assert m.start() == plain.start(), repr(text)
                assert m.group(1) == (full and full.group(0)), repr(text)
                assert m.end() == (len(text) if full else plain.end()), repr(text)


def test_split_lists():
    for s in _random_strings(30_000, seed=3) + ["a; b ;c", " a ;; b ", "x\u00a0; y"]:
        for sep in (";", ","):
            assert wos._split(s, sep) == _plain_split(s, sep), repr(s)


def test_two_letters_first_name_something():
    # cited_references skips is_placeholder_reference for a text starting with two alphabetic characters
    rng = random.Random(4)
    firsts = list("aZéÅßİıǅﬁ") + ["V", "P", "Vx", "Pp"]
    tails = _random_strings(5_000, seed=5) + ["[No title captured]", "**DROPPED REF**", "9", " 2001", "1"]
    for _ in range(30_000):
        text = "".join(rng.choice(firsts) for _ in range(2)) + rng.choice(tails) + rng.choice(tails)
        if text[:2].isalpha():
            assert not wos.is_placeholder_reference(text), repr(text)
