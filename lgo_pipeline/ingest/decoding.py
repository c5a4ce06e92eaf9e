"""Bytes to text for files saved by many tools: UTF-8 (with or without BOM), UTF-16, cp1252, Latin-1."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str  # the codec used, or 'binary' when the bytes are not text


def decode_bytes(data: bytes) -> Decoded:
    """Decode with the BOM if there is one, else UTF-8, else cp1252 (the £ as one byte), else Latin-1.

    Bytes with NUL characters and no UTF-16 BOM are binary (PDFs, images): text is None.
    """
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    if b"\x00" in data:
        return Decoded(None, "binary")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")
