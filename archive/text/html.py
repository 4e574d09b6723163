"""What a saved HTML page says about itself: headlines, site name, address and dates.

Pages describe themselves several times over, and not always alike: `<title>` usually
carries the site's name glued to the headline, `og:title` sometimes does, `<h1>` is the
headline as shown (or, on some sites, the logo), JSON-LD gives a headline and a publisher,
and dates come as `article:published_time`, `itemprop` attributes or JSON-LD, some in UTC and
some in the site's own zone. `read_metadata` collects every signal with its name, so the
parser can weigh them and tell the admin which one it followed.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html

from .messages import gettext_noop
from .tokenize import line_key, words

# Meta tags naming the publication time, most specific first.
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "sailthru.date",
)
SITE_NAME_META = ("og:site_name", "application-name", "twitter:site", "publisher")
# What separates a headline from the site's name in `<title>`: «headline - Site», «Site | headline».
TITLE_SEPARATOR = re.compile(r"\s+[-–—|:]{1,2}\s+|\s*[|«»]\s*")
_TITLE_PIECES = re.compile(f"({TITLE_SEPARATOR.pattern})")
# Elements whose text a scraper puts on a line of its own.
_BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "br", "section", "article", "header", "footer", "ul", "ol"}
)
# A side of `<title>` this short may be the site's name.
SITE_NAME_MAX_WORDS = 4


@dataclass
class PageMetadata:
    """The self-description of one HTML page."""

    url: str = ""
    site_names: list[str] = field(default_factory=list)
    # (signal, text) in the order the parser prefers them.
    titles: list[tuple[str, str]] = field(default_factory=list)
    published: list[str] = field(default_factory=list)

    @property
    def domain(self) -> str:
        """The host of the page's address, without `www.`."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


def read_metadata(html: str) -> PageMetadata:
    """Collect the headlines, site names, canonical address and publication timestamps a page states."""
    tree = _tree(html)
    if tree is None:
        return PageMetadata()
    meta: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        name = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if name and content:
            meta.setdefault(name, []).append(content)
    ld = _json_ld(tree)
    page = PageMetadata()
    page.url = _first(
        [element.get("href", "") for element in tree.xpath("//link[@rel='canonical']")] + meta.get("og:url", []) + meta.get("twitter:url", [])
    )
    page.site_names = _unique(
        [value for key in SITE_NAME_META for value in meta.get(key, []) if not value.startswith("@")]
        + [name for name in ld["publisher"]]
    )
    h1 = [" ".join(element.text_content().split()) for element in tree.iter("h1")]
    html_title = [" ".join(element.text_content().split()) for element in tree.iter("title")]
    for signal, values in (
        (gettext_noop("h1"), h1),
        (gettext_noop("og:title"), meta.get("og:title", [])),
        (gettext_noop("headline"), ld["headline"]),
        (gettext_noop("twitter:title"), meta.get("twitter:title", [])),
        (gettext_noop("html title"), html_title[:1]),
    ):
        for value in values:
            if value and words(value):
                page.titles.append((signal, value))
    page.published = _unique(ld["datePublished"] + [value for key in PUBLISHED_META for value in meta.get(key, [])])
    return page


def visible_text(html: str) -> str:
    """The page's visible text in reading order, a line per block, as a scraper saves it."""
    tree = _tree(html)
    if tree is None:
        return ""
    for element in tree.xpath("//script|//style|//noscript|//head|//template"):
        element.drop_tree()
    lines: list[str] = [""]
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCKS:
            lines.append("")
        lines[-1] += (element.text if event == "start" else element.tail) or ""
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def strip_site_name(title: str, site_names: list[str], other_titles: list[str] = ()) -> str:
    """`title` without the site's name glued to its end or start (`headline - Site`).

    A side is cut when it is one of `site_names`, or when it is short and what remains is
    another signal's headline word for word.
    """
    pieces = _TITLE_PIECES.split(title.strip())  # part, separator, part, ...
    if len(pieces) < 3:
        return title.strip()
    names = {line_key(name) for name in site_names} - {""}
    others = {line_key(other) for other in other_titles} - {""}
    for side, remainder in ((pieces[-1], pieces[:-2]), (pieces[0], pieces[2:])):
        rest = "".join(remainder).strip()
        if not words(rest):
            continue
        if line_key(side) in names or (len(words(side)) <= SITE_NAME_MAX_WORDS and line_key(rest) in others):
            return rest
    return title.strip()


# The page was decoded already (`decode.decode_bytes`); lxml must not guess its encoding again.
_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def _tree(html: str):
    """The page's element tree, or None when the text holds no HTML."""
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (ValueError, lxml.etree.ParserError):
        return None


def _json_ld(tree) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"headline": [], "datePublished": [], "publisher": []}

    def visit(node) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key in ("headline", "datePublished"):
                if isinstance(node.get(key), str):
                    found[key].append(node[key].strip())
            publisher = node.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found["publisher"].append(publisher["name"].strip())
            for value in node.values():
                if isinstance(value, (list, dict)):
                    visit(value)

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            visit(json.loads(script.text_content()))
        except (ValueError, TypeError):
            continue
    return found


def _first(values: list[str]) -> str:
    return next((value.strip() for value in values if value and value.strip()), "")


def _unique(values: list[str]) -> list[str]:
    seen, kept = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            kept.append(value)
    return kept
