"""Saved decision web pages (HTML) to the text rendering the parser reads.

BeautifulSoup copes with the broken markup scraped pages have. The decision is read by the page's structure:
the element the site keeps it in (`id="article"`, else `<article>`, else `<main>`), whole, its `<header>`
(where the title with the organisation and reference sits) included; only a page without that structure
loses its menus, headers and footers by tag name. Each block element becomes its own line. When the text
then has no title line, the page's `<title>` gives it (it names the organisation and reference too).
"""

from __future__ import annotations

import re
import warnings

_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_NOT_TEXT = ("script", "style", "noscript", "template")
# Never the decision, wherever they sit: forms (they carry per-request tokens) and navigation (chapter links)
_NEVER_CONTENT = (*_NOT_TEXT, "form", "nav", "svg", "iframe")
_FURNITURE = ("header", "footer")  # dropped only from a page without an article or main element
_TITLE_SEARCH_LINES = 40
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "pre", "blockquote", "section",
           "article", "main", "ul", "ol", "dl", "table", "br")


def looks_like_html(text: str) -> bool:
    """A page saved as HTML whatever its file name says."""
    return bool(_HTML_START.match(text[:2000]))


def html_to_text(html: str) -> str:
    """The decision's element, a line per block, with its title line."""
    from lgo_pipeline.parsing.header import TITLE_RE

    soup = _soup(html)
    for tag in soup(_NEVER_CONTENT):
        tag.decompose()
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.find(id="article") or soup.find("article") or soup.find("main")
    if root is None:
        for tag in soup(_FURNITURE):
            tag.decompose()
        root = soup.body or soup
    text = _lines(root)
    if (title := TITLE_RE.match(page_title)) and not any(
            TITLE_RE.match(line) for line in text.splitlines()[:_TITLE_SEARCH_LINES]):
        text = f"{page_title[:title.end()]}\n{text}"
    return text


def fragment_to_text(html: str) -> str:
    """A part of a page (a search result card), a line per block; only scripts and styles are dropped."""
    soup = _soup(html)
    for tag in soup(_NOT_TEXT):
        tag.decompose()
    return _lines(soup)


def _soup(html: str):
    # Imported here: few files are HTML, and bs4 with soupsieve costs ~0.13 s in every process that starts.
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


def _lines(root) -> str:
    lines = (" ".join(line.split()) for line in _rendered(root).splitlines())
    return "\n".join(line for line in lines if line)


def _rendered(root) -> str:
    """The text of `root` with a line break around every block element and a bullet before list items, in one
    walk with an explicit stack. A definition list's term and description share a line as the text pages
    write header fields (`<dt>Decision</dt><dd>Upheld</dd>` -> `Decision : Upheld`). Inserting the breaks into the tree instead made bs4 walk each block's
    subtree again: quadratic, so a page of 8,000 nested <div>s took 5 s and 200,000 took hours."""
    from bs4 import CData, NavigableString

    parts: list[str] = []
    stack = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            parts.append(_after_term(parts) if node.name == "dt" else "\n")
        elif isinstance(node, NavigableString):
            if type(node) in (NavigableString, CData):  # not comments, doctypes or processing instructions
                parts.append(node)
        else:
            if node.name in _BLOCKS:
                parts.append("" if node.name == "dd" else "\n")
                stack.append((node, True))
            if node.name == "li":
                parts.append("• ")
            stack.extend((child, False) for child in reversed(node.contents))
    return "".join(parts)


def _after_term(parts: list[str]) -> str:
    """What joins a definition term to its description: ` : `, or a space when the term ends with its colon."""
    written = "".join(parts[-3:]).rstrip()
    return " " if written.endswith(":") else " : "
