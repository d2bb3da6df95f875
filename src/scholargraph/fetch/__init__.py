"""Optional online clients that write files the readers read: arXiv, OpenAlex, PubMed (E-utilities), Crossref
and OpenCitations.

Only the standard library is used (``urllib``); every request goes through one HTTP layer with a User-Agent
naming scholargraph, timeouts, retries with backoff and the API's rate limit. Failures raise
:class:`~scholargraph.errors.FetchError` (CLI exit code 6).

* :func:`fetch_arxiv` writes the arXiv API's Atom pages to ``OUT/arxiv-<start>.xml``;
* :func:`fetch_openalex` writes OpenAlex works (a search, a filter, or a seed paper's references/citations)
  to a JSONL file, one work per line;
* :func:`fetch_pubmed` writes PubMed XML pages (an esearch on the history server, or a PMID list) to
  ``OUT/pubmed-<retstart>.xml``;
* :func:`fetch_crossref` writes Crossref works (a query/filter with cursor paging, or a DOI list) to JSONL;
* :func:`fetch_opencitations` writes the OpenCitations rows (references, citations, records) of a DOI list
  to JSONL.

All accept ``opener`` (a function url -> bytes) to replace the network, e.g. with recorded responses:

>>> from scholargraph.fetch import fetch_arxiv, fetch_openalex
>>> fetch_arxiv.__module__, fetch_openalex.__module__
('scholargraph.fetch.arxiv', 'scholargraph.fetch.openalex')
"""

from __future__ import annotations

from ._http import FetchResult, HttpClient, urllib_opener
from .arxiv import fetch_arxiv
from .crossref import fetch_crossref
from .openalex import fetch_openalex
from .opencitations import fetch_opencitations
from .pubmed import fetch_pubmed

__all__ = [
    "fetch_arxiv",
    "fetch_openalex",
    "fetch_pubmed",
    "fetch_crossref",
    "fetch_opencitations",
    "FetchResult",
    "HttpClient",
    "urllib_opener",
]
