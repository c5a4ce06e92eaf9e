"""Split `Top > Sub` and map older top-category labels to the current taxonomy (page labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENT_TOP_CATEGORIES = (
    "Adult care services", "Benefits and tax", "Children's care services", "Education",
    "Environment and regulation", "Housing", "Other Categories", "Planning", "Transport and highways",
)
_TOP_ALIASES = {
    "planning and development": "Planning",
    "highways and transport": "Transport and highways",
    "environmental services, public protection and regulation": "Environment and regulation",
    "environmental services and public protection and regulation": "Environment and regulation",
    "corporate and other services": "Other Categories",
    "other categories": "Other Categories",
    "other": "Other Categories",
    "adult social care": "Adult care services",
    "children's services": "Children's care services",
    "education and children's services": "Education",
}
_BY_KEY = {top.lower(): top for top in CURRENT_TOP_CATEGORIES} | _TOP_ALIASES


@dataclass(frozen=True)
class Category:
    top: str | None
    sub: str | None
    is_known_top: bool

    @property
    def category_id(self) -> str | None:
        return f"{slugify(self.top)}/{slugify(self.sub or 'unspecified')}" if self.top else None


def slugify(label: str) -> str:
    """The Ombudsman's URL slug: `Children's care services` -> `children-s-care-services`."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def split_category(raw: str | None) -> tuple[str | None, str | None]:
    """`Top > Sub` as written, each part trimmed; a label without `>` is a top category alone."""
    if not raw:
        return None, None
    top, _, sub = (part.strip() for part in raw.partition(">"))
    return (re.sub(r"\s+", " ", top) or None), (re.sub(r"\s+", " ", sub) or None)


def canonical_category(top_raw: str | None, sub_raw: str | None) -> Category:
    if not top_raw:
        return Category(None, sub_raw, False)
    key = re.sub(r"\s+", " ", top_raw.replace("\u2019", "'")).strip().lower()
    top = _BY_KEY.get(key)
    sub = sub_raw[:1].upper() + sub_raw[1:] if sub_raw else None
    return Category(top or top_raw, sub, top is not None)
