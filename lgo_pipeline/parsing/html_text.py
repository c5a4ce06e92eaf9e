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
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines = (" ".join(line.split()) for line in _rendered(root).splitlines())
    return "\n".join(line for line in lines if line)


def _rendered(root) -> str:
    """The text of `root` with a line break around every block element and a bullet before list items, in one
    walk with an explicit stack. Inserting the breaks into the tree instead made bs4 walk each block's
    subtree again: quadratic, so a page of 8,000 nested <div>s took 5 s and 200,000 took hours."""
    from bs4 import CData, NavigableString

    parts: list[str] = []
    stack = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            parts.append("\n")
        elif isinstance(node, NavigableString):
            if type(node) in (NavigableString, CData):  # not comments, doctypes or processing instructions
                parts.append(node)
        else:
            if node.name in _BLOCKS:
                parts.append("\n")
                stack.append((node, True))
            if node.name == "li":
                parts.append("• ")
            stack.extend((child, False) for child in reversed(node.contents))
    return "".join(parts)
