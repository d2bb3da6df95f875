"""Countries and institutions from the addresses of papers (:attr:`Paper.affiliations`).

:func:`country_of_address` reads a country from an address the way bibliometric exports write it: the last
comma-separated part, or the country name at its end (``"CA 94305 USA"``, ``"NL-1001 NG Amsterdam,
Netherlands"``), else the part before it; e-mail addresses and "Electronic address:" notes (PubMed) are dropped
first. Names are matched, accents and case folded, against :data:`COUNTRIES` -- ISO 3166-1 codes with English
short names and the spellings the exports use (Web of Science's ``Peoples R China``, ``U Arab Emirates``,
``Bosnia & Herceg``; Scopus's ``Russian Federation``, ``Viet Nam``). An ISO code the source gives apart from the
text (OpenAlex ``country_code``) wins over the text.

The four nations of the United Kingdom, which Web of Science names apart (``England``, ``Scotland``,
``Wales``, ``North Ireland``), are merged into ``United Kingdom`` unless ``uk_nations=True``.

>>> country_of_address("Pontificia Univ Javeriana, Dept Surg, Bogota, Colombia")
'Colombia'
>>> country_of_address("Stanford Univ, Dept Med, Stanford, CA 94305 USA"), country_of_address("Fudan Univ, Peoples R China")
('United States', 'China')
>>> country_of_address("Univ Oxford, Oxford OX1 2JD, England"), country_of_address("Univ Oxford, England", uk_nations=True)
('United Kingdom', 'England')
>>> country_of_address("Dept of Surgery, Boston, MA, USA. Electronic address: someone@example.org.")
'United States'
>>> country_of_address("Wuhan Institute of Technology, Wuhan, 430205, China"), country_of_address("Lab Z, Atlantis")
('China', None)
>>> country_name("co"), country_name("GB", uk_nations=True)
('Colombia', 'United Kingdom')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Affiliation, Paper

__all__ = [
    "COUNTRIES",
    "UK_NATIONS",
    "country_name",
    "country_of_address",
    "country_of",
    "institution_of",
    "paper_addresses",
    "PaperGeography",
    "paper_geography",
]

# ISO 3166-1 alpha-2 code | the name used here | other spellings found in addresses (exports, PubMed, Scopus).
# The names are English short names in their everyday form ("United States", "South Korea", "Iran").
_TABLE = """
AD|Andorra
AE|United Arab Emirates|U Arab Emirates|UAE
AF|Afghanistan
AG|Antigua and Barbuda|Antigua & Barbu
AI|Anguilla
AL|Albania
AM|Armenia
AO|Angola
AR|Argentina
AS|American Samoa
AT|Austria
AU|Australia
AW|Aruba
AZ|Azerbaijan
BA|Bosnia and Herzegovina|Bosnia & Herceg|Bosnia-Herzegovina
BB|Barbados
BD|Bangladesh
BE|Belgium
BF|Burkina Faso
BG|Bulgaria
BH|Bahrain
BI|Burundi
BJ|Benin
BM|Bermuda
BN|Brunei|Brunei Darussalam
BO|Bolivia|Plurinational State of Bolivia
BR|Brazil|Brasil
BS|Bahamas|The Bahamas
BT|Bhutan
BW|Botswana
BY|Belarus
BZ|Belize
CA|Canada
CD|Democratic Republic of the Congo|Dem Rep Congo|DR Congo|Congo, Democratic Republic|Zaire
CF|Central African Republic|Cent Afr Republ
CG|Republic of the Congo|Congo|Rep Congo|Congo Republic
CH|Switzerland
CI|Ivory Coast|Cote Ivoire|Cote d'Ivoire
CK|Cook Islands
CL|Chile
CM|Cameroon
CN|China|Peoples R China|People's Republic of China|PR China|P.R. China|PRC
CO|Colombia
CR|Costa Rica
CU|Cuba
CV|Cape Verde|Cabo Verde
CW|Curacao
CY|Cyprus
CZ|Czech Republic|Czechia
DE|Germany|Deutschland|Fed Rep Ger
DJ|Djibouti
DK|Denmark
DM|Dominica
DO|Dominican Republic|Dominican Rep
DZ|Algeria
EC|Ecuador
EE|Estonia
EG|Egypt
ER|Eritrea
ES|Spain|Espana
ET|Ethiopia
FI|Finland
FJ|Fiji
FM|Micronesia|Fed States Micronesia
FO|Faroe Islands|Faroe Isl
FR|France
GA|Gabon
GB|United Kingdom|UK|U.K.|Great Britain|Britain
GD|Grenada
GE|Georgia
GF|French Guiana
GH|Ghana
GI|Gibraltar
GL|Greenland
GM|Gambia|The Gambia
GN|Guinea
GP|Guadeloupe
GQ|Equatorial Guinea|Equat Guinea
GR|Greece
GT|Guatemala
GU|Guam
GW|Guinea-Bissau|Guinea Bissau
GY|Guyana
HK|Hong Kong
HN|Honduras
HR|Croatia
HT|Haiti
HU|Hungary
ID|Indonesia
IE|Ireland|Irish Republic
IL|Israel
IN|India
IQ|Iraq
IR|Iran|Islamic Republic of Iran|Iran (Islamic Republic of)
IS|Iceland
IT|Italy|Italia
JM|Jamaica
JO|Jordan
JP|Japan
KE|Kenya
KG|Kyrgyzstan
KH|Cambodia
KI|Kiribati
KM|Comoros
KN|Saint Kitts and Nevis|St Kitts & Nevi
KP|North Korea|Dem People's Republic of Korea|DPR Korea
KR|South Korea|Korea|Republic of Korea|Korea, Republic of|Rep of Korea
KW|Kuwait
KY|Cayman Islands
KZ|Kazakhstan
LA|Laos|Lao People's Democratic Republic
LB|Lebanon
LC|Saint Lucia|St Lucia
LI|Liechtenstein
LK|Sri Lanka
LR|Liberia
LS|Lesotho
LT|Lithuania
LU|Luxembourg
LV|Latvia
LY|Libya
MA|Morocco
MC|Monaco
MD|Moldova|Republic of Moldova
ME|Montenegro
MG|Madagascar
MH|Marshall Islands|Marshall Island
MK|North Macedonia|Macedonia|Republic of North Macedonia
ML|Mali
MM|Myanmar|Burma
MN|Mongolia
MO|Macao|Macau
MQ|Martinique
MR|Mauritania
MT|Malta
MU|Mauritius
MV|Maldives
MW|Malawi
MX|Mexico
MY|Malaysia
MZ|Mozambique
NA|Namibia
NC|New Caledonia
NE|Niger
NG|Nigeria
NI|Nicaragua
NL|Netherlands|The Netherlands|Holland
NO|Norway
NP|Nepal
NR|Nauru
NZ|New Zealand
OM|Oman
PA|Panama
PE|Peru
PF|French Polynesia|Fr Polynesia
PG|Papua New Guinea|Papua N Guinea
PH|Philippines
PK|Pakistan
PL|Poland
PR|Puerto Rico
PS|Palestine|State of Palestine|West Bank
PT|Portugal
PW|Palau
PY|Paraguay
QA|Qatar
RE|Reunion
RO|Romania
RS|Serbia
RU|Russia|Russian Federation
RW|Rwanda
SA|Saudi Arabia
SB|Solomon Islands
SC|Seychelles
SD|Sudan
SE|Sweden
SG|Singapore|Republic of Singapore
SI|Slovenia
SK|Slovakia|Slovak Republic
SL|Sierra Leone
SM|San Marino
SN|Senegal
SO|Somalia
SR|Suriname
SS|South Sudan
ST|Sao Tome and Principe|Sao Tome & Prin
SV|El Salvador
SY|Syria|Syrian Arab Republic
SZ|Eswatini|Swaziland
TD|Chad
TG|Togo
TH|Thailand
TJ|Tajikistan
TL|Timor-Leste|East Timor
TM|Turkmenistan
TN|Tunisia
TO|Tonga
TR|Turkey|Turkiye
TT|Trinidad and Tobago|Trinidad Tobago|Trinidad & Tobago
TV|Tuvalu
TW|Taiwan|Republic of China (Taiwan)
TZ|Tanzania|United Republic of Tanzania
UA|Ukraine
UG|Uganda
US|United States|USA|U.S.A.|US|United States of America
UY|Uruguay
UZ|Uzbekistan
VA|Vatican|Vatican City|Holy See
VC|Saint Vincent and the Grenadines|St Vincent
VE|Venezuela|Bolivarian Republic of Venezuela
VG|British Virgin Islands|Brit Virgin Isl
VI|US Virgin Islands|US Virgin Isl
VN|Vietnam|Viet Nam
VU|Vanuatu
WS|Samoa|Western Samoa
XK|Kosovo
YE|Yemen
ZA|South Africa
ZM|Zambia
ZW|Zimbabwe
"""

#: the nations of the United Kingdom as Web of Science names them (kept apart only with ``uk_nations=True``)
UK_NATIONS = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "north ireland": "Northern Ireland",
    "northern ireland": "Northern Ireland",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w&']+", " ", text).split())


def _build() -> tuple[dict[str, str], dict[str, str]]:
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        code, name, *aliases = line.split("|")
        by_code[code] = name
        for spelling in (name, *aliases):
            by_name[_fold(spelling)] = name
    return by_code, by_name


_BY_CODE, _BY_NAME = _build()
#: ISO 3166-1 alpha-2 code -> the country's name
COUNTRIES: dict[str, str] = dict(_BY_CODE)
_UK = _BY_CODE["GB"]
# places whose name ends with a country's: never that country (checked before the shorter name is)
_NOT_A_COUNTRY = frozenset({"new mexico", "new south wales", "new england", "new guinea", "west bank gaza"})
_EMAIL = re.compile(r"\S+@\S+")
_NOTE = re.compile(r"\b(?:electronic address|e-?mail|email)\b.*$", re.I)
_DIGITS = re.compile(r"\b[\w-]*\d[\w-]*\b")  # postcodes: "94305", "D-01328", "OX1", "SE-751"


def country_name(code: str | None, *, uk_nations: bool = False) -> str | None:
    """The country of an ISO 3166-1 alpha-2 code (any case), None when unknown. ``uk_nations`` changes nothing
    here (a code names the United Kingdom, never one of its nations)."""
    if not code:
        return None
    return _BY_CODE.get(str(code).strip().upper())


@lru_cache(maxsize=65536)
def country_of_address(address: str | None, *, uk_nations: bool = False) -> str | None:
    """The country an address ends with (see the module docs), or None when none is recognised."""
    if not address:
        return None
    text = _NOTE.sub("", _EMAIL.sub(" ", address)).strip(" .;,")
    parts = [p for p in (x.strip(" .;") for x in text.split(",")) if p]
    for part in reversed(parts[-2:]):
        found = _country_in(part, uk_nations)
        if found:
            return found
    return None


def _country_in(part: str, uk_nations: bool) -> str | None:
    """The country a part of an address names: all of it, else its last words (after a postcode or a city)."""
    words = _fold(_DIGITS.sub(" ", part)).split()
    for start in range(len(words)):
        name = " ".join(words[start:])
        if name in _NOT_A_COUNTRY:
            return None
        if name in _BY_NAME:
            return _BY_NAME[name]
        if name in UK_NATIONS:
            return UK_NATIONS[name] if uk_nations else _UK
    return None


def paper_addresses(paper: Paper) -> list[Affiliation]:
    """The addresses of a paper: :attr:`Paper.affiliations`, or, when the reader filled none, one per author
    affiliation text (Crossref, Lens, Semantic Scholar, arXiv give affiliations per author only)."""
    if paper.affiliations:
        return paper.affiliations
    from ..readers._affiliations import author_affiliations

    return author_affiliations(paper.authors)


def country_of(affiliation: Affiliation, *, uk_nations: bool = False) -> str | None:
    """The country of an address: the ISO code the source gave apart from the text, else the text's."""
    return country_name(affiliation.country) or country_of_address(affiliation.address, uk_nations=uk_nations)


# words that name an organisation, as addresses write them (abbreviated or not), in three tiers: the institution
# of an address is its first part with a word of the highest tier found -- a university before an institute or a
# hospital before a school or a laboratory ("School of Physics, Ningxia University" -> "Ningxia University")
_ORG_TIERS = tuple(
    re.compile(rf"\b(?:{words})\b", re.I)
    for words in (
        r"univ\w*|universi\w+|politecn\w*|polytech\w*",
        r"inst\w*|istitut\w*|hosp\w*|acad\w*|fdn|foundation|fundacion|corp\w*|co ltd|inc|natl|national|nacional|"
        r"clin\w*|ctr|cent(?:er|re|ro)|minist\w*|agcy|agency|council",
        r"college|coll|school|sch|escuela|lab\w*",
    )
)


def institution_of(affiliation: Affiliation) -> str | None:
    """The institution of an address: the name the source gave (OpenAlex), else the first comma-separated part
    that names an organisation (a university first, then an institute, hospital, centre, ..., then a school or a
    laboratory), else the first part; None for an empty address.

    >>> from scholargraph.model import Affiliation
    >>> institution_of(Affiliation("Pontificia Univ Javeriana, Dept Surg, Bogota, Colombia"))
    'Pontificia Univ Javeriana'
    >>> institution_of(Affiliation("School of Physics, Ningxia University, Yinchuan, 750021, China"))
    'Ningxia University'
    >>> institution_of(Affiliation("Department of Surgery, Harvard Medical School, Boston, MA, USA"))
    'Harvard Medical School'
    """
    if affiliation.institution:
        return affiliation.institution
    parts = [p.strip(" .;") for p in _EMAIL.sub(" ", affiliation.address).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return None
    for tier in _ORG_TIERS:
        if found := next((p for p in parts if tier.search(p)), None):
            return found
    return parts[0]


@dataclass(frozen=True)
class PaperGeography:
    """Where a paper's authors are: ``countries`` (distinct, in the order of the addresses), ``institutions``
    (distinct), ``lead`` (the corresponding author's country, else the first address's) and how the lead was
    found (``"corresponding"``, ``"first address"`` or ``None`` when no country is known); ``unresolved``:
    addresses whose country was not recognised."""

    countries: tuple[str, ...]
    institutions: tuple[tuple[str, str | None], ...]
    lead: str | None
    lead_basis: str | None
    unresolved: int

    @property
    def multi_country(self) -> bool:
        """MCP: the authors' addresses are in more than one country."""
        return len(self.countries) > 1


def paper_geography(paper: Paper, *, uk_nations: bool = False) -> PaperGeography:
    """The countries and institutions of one paper (see :class:`PaperGeography`)."""
    countries: list[str] = []
    insts: list[tuple[str, str | None]] = []
    unresolved = 0
    for a in paper_addresses(paper):
        c = country_of(a, uk_nations=uk_nations)
        if c is None:
            unresolved += 1
        elif c not in countries:
            countries.append(c)
        inst = institution_of(a)
        if inst and (inst, c) not in insts:
            insts.append((inst, c))
    lead, basis = _first(country_of(a, uk_nations=uk_nations) for a in paper.corresponding), "corresponding"
    if lead is None:
        lead, basis = (countries[0], "first address") if countries else (None, None)
    return PaperGeography(tuple(countries), tuple(insts), lead, basis, unresolved)


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)
