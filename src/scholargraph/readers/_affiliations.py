"""Addresses as the exports write them -> :class:`~scholargraph.model.Affiliation` lists (the readers' one place
for it; countries are read from the addresses later, by :mod:`scholargraph.analysis.geography`).

Web of Science ``C1``: ``"[Author A; Author B] Univ X, Dept, City, Country; [Author C] Inst Y, City, Country"``
(older records give the addresses without the bracketed names); ``RP``: ``"Name (corresponding author),
address.; Name2 (corresponding author), address2."`` (older exports say "reprint author"). Scopus: the
"Affiliations" column (``"; "``-separated addresses), "Authors with affiliations" (``"Name, address; ..."``:
which author is at which address) and "Correspondence Address" (``"Name; address; email: x; Name2; ..."``).

>>> [(a.authors, a.address, a.institution) for a in wos_addresses(
...     "[Acuna, Sergio A.; Tawil, Mauricio] Pontificia Univ Javeriana, Bogota, Colombia; "
...     "[Escallon, Jaime] Univ Toronto, Dept Surg, Toronto, ON, Canada.")]
[(['Acuna, Sergio A.', 'Tawil, Mauricio'], 'Pontificia Univ Javeriana, Bogota, Colombia', 'Pontificia Univ Javeriana'), (['Escallon, Jaime'], 'Univ Toronto, Dept Surg, Toronto, ON, Canada', 'Univ Toronto')]
>>> [(a.authors, a.address) for a in wos_reprint(
...     "Rios, J (corresponding author), Univ Complutense Madrid, Madrid, Spain.; "
...     "Rios, J (corresponding author), Pontificia Univ Javeriana, Bogota, Colombia.")]
[(['Rios, J'], 'Univ Complutense Madrid, Madrid, Spain'), (['Rios, J'], 'Pontificia Univ Javeriana, Bogota, Colombia')]
>>> [(a.authors, a.address) for a in scopus_correspondence(
...     "X. Wang; Dept of Physics, Lanzhou, 730050, China; email: x@y.cn; F. Zheng; School of Physics, Yinchuan, China")]
[(['X. Wang'], 'Dept of Physics, Lanzhou, 730050, China'), (['F. Zheng'], 'School of Physics, Yinchuan, China')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Affiliation

__all__ = [
    "wos_addresses",
    "wos_reprint",
    "scopus_affiliations",
    "scopus_correspondence",
    "author_affiliations",
    "group_affiliations",
]

_REPRINT = re.compile(r"\s*\((?:corresponding|reprint) author\),\s*", re.I)


def _address(text: str) -> str:
    """An address without the full stop and the whitespace the export puts around it."""
    return " ".join(text.split()).strip(" ;").removesuffix(".").strip()


def wos_addresses(value: str | None) -> list[Affiliation]:
    """The addresses of a WoS ``C1`` field, each with the names in its brackets (none in older records) and its
    first part as the institution (WoS writes the organisation first: ``"CSIC, Inst Cajal, Madrid, Spain"``).
    A name inside the brackets is separated by ``"; "`` like the addresses, so the brackets are read first."""
    out: list[tuple[str, list[str], str | None, str | None]] = []
    text = value or ""
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in "; \t":
            i += 1
        if i >= n:
            break
        names: list[str] = []
        if text[i] == "[" and (close := text.find("]", i)) > 0:
            names = [m for part in text[i + 1 : close].split(";") if (m := " ".join(part.split()))]
            i = close + 1
        end = text.find("; ", i)
        end = n if end < 0 else end
        if address := _address(text[i:end]):  # the organisation comes first in a WoS address
            out.append((address, names, address.split(",", 1)[0].strip() or None, None))
        i = end
    return _grouped(out)


def wos_reprint(value: str | None) -> list[Affiliation]:
    """The corresponding authors' addresses of a WoS ``RP`` field (``Name (corresponding author), address.``,
    several joined by ``"; "`` or a space)."""
    parts = _REPRINT.split(value or "")
    if len(parts) < 2:
        return []
    out = []
    name = parts[0]
    for k, chunk in enumerate(parts[1:], start=1):
        address, following = chunk, ""
        if k < len(parts) - 1:  # the next author's name follows this address after its full stop
            cut = max(chunk.rfind(".;"), chunk.rfind(". "))
            address, following = (chunk[:cut], chunk[cut + 2 :]) if cut >= 0 else (chunk, "")
        if addr := _address(address):
            out.append(Affiliation(addr, [n] if (n := " ".join(name.split()).strip(" ;")) else []))
        name = following
    return out


def scopus_affiliations(affiliations: str | None, with_authors: str | None = None) -> list[Affiliation]:
    """The addresses of the Scopus "Affiliations" column, each with the authors that "Authors with affiliations"
    places there (``"Name, address[, address2]; Name2, address"``)."""
    addresses = list(dict.fromkeys(a for part in (affiliations or "").split(";") if (a := _address(part))))
    people: dict[str, list[str]] = {a: [] for a in addresses}
    for item in (with_authors or "").split("; "):
        name, _, rest = item.partition(", ")
        name = name.strip()
        if not name or not rest:
            continue
        for a in addresses:
            if a in rest and name not in people[a]:
                people[a].append(name)
    return [Affiliation(a, people[a]) for a in addresses]


def scopus_correspondence(value: str | None) -> list[Affiliation]:
    """The Scopus "Correspondence Address" column: ``name; address; email: x`` for each corresponding author.
    An item with a comma is an address, one without is a name (Scopus writes names as ``X. Wang``)."""
    out: list[Affiliation] = []
    name = ""
    for item in (value or "").split(";"):
        item = " ".join(item.split())
        if not item or item.lower().startswith("email:"):
            continue
        if "," in item:
            out.append(Affiliation(_address(item), [name] if name else []))
            name = ""
        else:
            name = item
    return out


def author_affiliations(authors: Iterable[object]) -> list[Affiliation]:
    """The addresses of authors that carry an ``affiliation`` text (``"; "``-joined when several, as the PubMed
    and MEDLINE readers write them), one per address with every author at it, in the order first seen."""
    out = []
    for a in authors:
        for part in (getattr(a, "affiliation", None) or "").split("; "):
            if address := _address(part):
                out.append(Affiliation(address, [str(getattr(a, "name", "") or "")]))
    return group_affiliations(out)


def group_affiliations(items: Iterable[Affiliation]) -> list[Affiliation]:
    """One entry per (address, institution, country), the authors of equal entries joined (order kept)."""
    return _grouped((a.address, a.authors, a.institution, a.country) for a in items)


def _grouped(
    items: Iterable[tuple[str, list[str], str | None, str | None]],
) -> list[Affiliation]:
    """:func:`group_affiliations` of ``(address, authors, institution, country)`` tuples (no Affiliation made
    for an entry that is then merged or copied)."""
    grouped: dict[tuple[str, str | None, str | None], Affiliation] = {}
    for address, authors, institution, country in items:
        key = (address, institution, country)
        g = grouped.get(key)
        if g is None:
            grouped[key] = Affiliation(
                address, [n for n in dict.fromkeys(authors) if n], institution, country
            )
        else:
            g.authors.extend(n for n in authors if n and n not in g.authors)
    return list(grouped.values())
