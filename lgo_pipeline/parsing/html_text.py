"""Saved decision web pages (HTML) to the text rendering the parser reads.

BeautifulSoup copes with the broken markup scraped pages have; only the page's main content is kept
(menus, cookie banners and footers are dropped) and each block element becomes its own line.
"""

from __future__ import annotations

import re
import warnings

_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_NOT_CONTENT = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "svg", "iframe")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "pre", "blockquote", "section",
           "article", "main", "ul", "ol", "table", "br")


def looks_like_html(text: str) -> bool:
    """A page saved as HTML whatever its file name says."""
    return bool(_HTML_START.match(text[:2000]))


def html_to_text(html: str) -> str:
    # Imported here: few files are HTML, and bs4 with soupsieve costs ~0.13 s in every process that starts.
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_NOT_CONTENT):
        tag.decompose()
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    for item in soup.find_all("li"):
        item.insert(0, "• ")
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines = (" ".join(line.split()) for line in root.get_text().splitlines())
    return "\n".join(line for line in lines if line)
