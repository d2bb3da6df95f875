"""Inputs that must not be lost or crash (issue 12): long fields, deep JSON, UTF-16, stray carriage returns,
Daily Papers organisation lines, WoS BibTeX early-access dates, WoS names without a comma.

The small files are written into a temporary directory by the tests themselves; the real files are read from
../shared."""

from __future__ import annotations

import csv
import io
import re

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper
from scholargraph.readers import read, read_records

WOS_HEADER = ["PT", "AU", "AF", "TI", "SO", "AB", "CR", "PY", "DI", "UT"]


def _wos_tab(rows: list[dict[str, str]]) -> str:
    lines = ["\t".join(WOS_HEADER)]
    lines += ["\t".join(r.get(t, "") for t in WOS_HEADER) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def _scopus_csv(rows: list[dict[str, str]]) -> str:
    cols = ["Authors", "Author full names", "Title", "Year", "Source title", "DOI", "References", "EID"]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in cols})
    return out.getvalue()


# ------------------------------------------------------------------------------------------ long fields


def test_a_3000_author_row_and_a_2500_reference_row_read(tmp_path):
    """Fields far over the csv module's default limit of 131,072 characters (real hyper-authored papers
    have 72,756-character address fields) are read, not rejected."""
    names = [f"Author{i:04d}, Given{i:04d}" for i in range(3000)]
    refs = [
        f"Ref{i:04d} A., A study of things number {i}, J. Things, 12, pp. 1-9, ({1950 + i % 70})"
        for i in range(2500)
    ]
    scopus = tmp_path / "scopus.csv"
    scopus.write_text(
        _scopus_csv(
            [
                {
                    "Authors": "; ".join(n.replace(",", "") for n in names),
                    "Author full names": "; ".join(names),
                    "Title": "Many authors",
                    "Year": "2020",
                    "Source title": "J",
                    "EID": "2-s2.0-1",
                },
                {
                    "Authors": "Lee A.",
                    "Author full names": "Lee, Ann",
                    "Title": "Many references",
                    "Year": "2021",
                    "Source title": "J",
                    "References": "; ".join(refs),
                    "EID": "2-s2.0-2",
                },
            ]
        ),  # fmt: skip
        encoding="utf-8",
    )
    assert max(len(x) for x in ("; ".join(names), "; ".join(refs))) > 131_072
    corpus = read(scopus, format="scopus-csv")
    assert not corpus.rejects
    many_authors, many_refs = corpus.papers
    assert len(many_authors.authors) == 3000 and many_authors.authors[-1].raw == names[-1]
    assert len(many_refs.references) == 2500

    wos = tmp_path / "wos.txt"
    wos.write_text(
        _wos_tab(
            [
                {
                    "PT": "J",
                    "AU": "; ".join(names),
                    "AF": "; ".join(names),
                    "TI": "Many authors",
                    "UT": "WOS:1",
                },
                {"PT": "J", "AU": "Lee, A", "TI": "Many references", "CR": "; ".join(refs), "UT": "WOS:2"},
            ]
        ),
        encoding="utf-8",
    )
    corpus = read(wos, format="wos")
    assert not corpus.rejects
    assert len(corpus.papers[0].authors) == 3000 and len(corpus.papers[1].references) == 2500


# ------------------------------------------------------------------------------------------ deep JSON


@pytest.mark.parametrize("fmt", ["openalex", "s2"])
def test_deeply_nested_json_is_a_parse_error_naming_the_file(tmp_path, fmt):
    path = tmp_path / "deep.json"
    path.write_text('{"results": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(ParseError) as e:
        read(path, format=fmt)
    assert e.value.file == str(path) and "nested too deeply" in str(e.value)


def test_a_deeply_nested_json_line_is_a_reject_and_the_other_lines_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(
        '{"title": "A fine paper", "year": 2020}\n{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
        encoding="utf-8",
    )
    corpus = read(path, format="jsonl")
    assert [p.title for p in corpus.papers] == ["A fine paper"]
    (rej,) = corpus.rejects
    assert rej.file == str(path) and rej.line == 2 and "nested too deeply" in rej.reason


# ------------------------------------------------------------------------------------------ encodings, line ends


def test_utf16_files_are_detected_by_their_bom_and_read(tmp_path):
    text = _wos_tab(
        [
            {
                "PT": "J",
                "AU": "Pérez, J",
                "AF": "Pérez, José",
                "TI": "Economía y salud",
                "PY": "2020",
                "UT": "WOS:1",
            }
        ]
    )
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"savedrecs-{encoding}.txt"
        bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
        path.write_bytes(bom + text.encode(encoding))
        corpus = read(path)  # detected as WoS from the decoded head
        assert corpus.files[0].format == "wos", encoding
        (p,) = corpus.papers
        assert p.title == "Economía y salud" and p.authors[0].name == "José Pérez", encoding
    scopus = tmp_path / "scopus-utf16.csv"
    scopus.write_bytes(
        _scopus_csv([{"Title": "Über Graphen", "Year": "2019", "EID": "2-s2.0-1"}]).encode("utf-16")
    )
    assert [p.title for p in read(scopus, format="scopus-csv").papers] == ["Über Graphen"]


def test_utf16_without_a_bom_is_read_or_a_clear_error_not_a_latin1_hint(tmp_path):
    text = _wos_tab([{"PT": "J", "TI": "Título", "UT": "WOS:1"}])
    for encoding in ("utf-16-le", "utf-16-be"):  # every second byte NUL: recognisable without a BOM
        path = tmp_path / f"nobom-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert [p.title for p in read(path).papers] == ["Título"], encoding
    path = tmp_path / "nobom-utf32.txt"
    path.write_bytes(text.encode("utf-32-le"))
    with pytest.raises(ParseError) as e:
        list(read_records(path, "wos"))
    assert e.value.file == str(path)
    assert "UTF-16 or UTF-32" in str(e.value) and "latin1" not in str(e.value)


def test_a_lone_carriage_return_inside_a_wos_field_does_not_split_the_record(tmp_path):
    rows = [
        {
            "PT": "J",
            "AU": "Lee, A",
            "TI": "First",
            "AB": "An abstract with a\rstray carriage return",
            "UT": "WOS:1",
        },
        {"PT": "J", "AU": "Kim, B", "TI": "Second", "AB": "Plain", "UT": "WOS:2"},
    ]
    tab = tmp_path / "tab.txt"
    tab.write_bytes(_wos_tab(rows).encode("utf-8"))
    plain = tmp_path / "plain.txt"
    plain.write_bytes(
        b"FN Clarivate Analytics Web of Science\r\nVR 1.0\r\n"
        b"PT J\r\nAU Lee, A\r\nTI First\r\nAB An abstract with a\rstray carriage return\r\nUT WOS:1\r\nER\r\n\r\n"
        b"PT J\r\nAU Kim, B\r\nTI Second\r\nAB Plain\r\nUT WOS:2\r\nER\r\n\r\nEF\r\n"
    )
    for path in (tab, plain):
        corpus = read(path, format="wos")
        assert not corpus.rejects, [str(r) for r in corpus.rejects]
        assert [p.title for p in corpus.papers] == ["First", "Second"]
        assert corpus.papers[0].abstract == "An abstract with a stray carriage return"
        assert [p.provenance[0].record for p in corpus.papers] == [1, 2]


def test_old_mac_line_ends_still_read(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(_wos_tab([{"PT": "J", "TI": "One", "UT": "WOS:1"}, {"PT": "J", "TI": "Two", "UT": "WOS:2"}])
                     .replace("\r\n", "\r").encode("utf-8"))  # fmt: skip
    assert [p.title for p in read(path, format="wos").papers] == ["One", "Two"]


# ------------------------------------------------------------------------------------------ real files


@pytest.mark.shared
def test_wos_bibtex_uses_the_early_access_date_when_year_is_missing(corpora):
    path = corpora / "valdecy-bibtex" / "wos-A.bib"
    # independent: entries of the raw file without a Year field, and their Early Access Date
    entries = re.split(r"\n(?=@)", path.read_text(encoding="utf-8"))
    expected = {}
    for e in entries:
        if e.startswith("@") and not re.search(r"^Year = ", e, re.M):
            ea = re.search(r"^Early Access Date = \{\{(\w+) (\d{4})\}\}", e, re.M)
            title = re.search(r"^Title = \{\{(.*?)\}\}", e, re.M | re.S).group(1)
            expected[" ".join(title.split())] = (int(ea.group(2)), ea.group(1))
    assert len(expected) == 3
    papers = {p.title: p for p in read_records(path) if isinstance(p, Paper)}
    for title, (year, month) in expected.items():
        p = papers[title]
        assert p.date is not None and (p.date.year, p.date.precision) == (year, "month")
        assert p.date.month == ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                                "DEC"].index(month) + 1  # fmt: skip
        assert p.extra["date_source"] == "Early Access Date"


@pytest.mark.shared
def test_wos_names_without_a_comma_are_kept_as_given(corpora):
    import gzip

    path = corpora / "wos-javeriana-cali" / "wos_6500_6525.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\n").split("\t")
        raw = [dict(zip(header, line.rstrip("\r\n").split("\t"), strict=False)) for line in f if line.strip()]
    no_comma = {n.strip() for r in raw for n in r["AF"].split("; ") if n.strip() and "," not in n}
    assert len(no_comma) > 5
    authors = [a for p in read_records(path) if isinstance(p, Paper) for a in p.authors]
    kept = {a.raw: a for a in authors if a.raw in no_comma}
    assert set(kept) == no_comma
    for name, a in kept.items():
        assert a.name == name and a.family is None and a.given is None  # no order guessed
        if a.orcid is None:
            assert a.key() == "name:" + " ".join(
                re.sub(r"[^\w\s]", " ", name.lower().replace("-", " ")).split()
            )


def test_the_issue_example_names_keep_their_order():
    from scholargraph.readers.wos import paper_from_tags

    p = paper_from_tags({"TI": "T", "AF": "Nguyen Xuan Thinh; Smith, John"}, "x", 1, 1)
    assert [a.name for a in p.authors] == ["Nguyen Xuan Thinh", "John Smith"]
    assert [a.family for a in p.authors] == [None, "Smith"]


def test_an_empty_list_of_files_says_so(tmp_path):
    """read([]) (a glob that matched nothing) names no file; a folder without a readable file names the folder."""
    with pytest.raises(ParseError, match=r"^\(none\): no files given\. How to fix: pass at least one file"):
        read([])
    (tmp_path / "notes.txt").write_text("not a bibliographic file\n", encoding="utf-8")
    with pytest.raises(ParseError, match=rf"^{re.escape(str(tmp_path))}: no readable files"):
        read(tmp_path)
