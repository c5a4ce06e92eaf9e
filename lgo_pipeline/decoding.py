"""Bytes to text for files saved by many tools: UTF-8 (with or without BOM), UTF-16, cp1252, Latin-1.

Repairs are named in the encoding column (`utf-8 (mojibake repaired)`) so nothing changes silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_MAGIC = {  # file signatures of the binary documents people save beside text
    b"%PDF": "PDF document", b"PK\x03\x04": "zip archive or office document", b"\x89PNG": "PNG image",
    b"GIF8": "GIF image", b"\xff\xd8\xff": "JPEG image", b"\xd0\xcf\x11\xe0": "legacy office document",
    b"\x1f\x8b": "gzip archive",
}
# C0 controls other than tab, newline, vertical tab, form feed and carriage return: rare in any text.
_CONTROL_CODES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_CODES)
_CONTROL = re.compile("[" + re.escape(_CONTROL_CODES.decode("latin-1")) + "]")
_MAGIC_PREFIXES = tuple(_MAGIC)
_MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str  # the codec used (and repairs), or 'binary: <what>' when the bytes are not text


def _wide_unicode_without_bom(data: bytes) -> str | None:
    """UTF-16 or UTF-32 saved without a BOM: ASCII text then has a NUL in every other byte (UTF-16) or three
    NULs in every four (UTF-32), on the side that says the byte order."""
    if len(data) < 8 or len(data) % 2:
        return None
    sample = data[:4096]
    if len(data) % 4 == 0:
        quarter = len(sample) // 4
        nuls = [sample[i::4].count(0) for i in range(4)]
        if min(nuls[1:]) > 0.3 * quarter and nuls[0] < 0.05 * quarter:
            return "utf-32-le"
        if min(nuls[:3]) > 0.3 * quarter and nuls[3] < 0.05 * quarter:
            return "utf-32-be"
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decode_text(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _control_share(data: bytes) -> float:
    """Share of control bytes, counted in C (bytes.translate): most of the corpus pays almost nothing."""
    return len(data.translate(None, _NOT_CONTROL)) / len(data) if data else 0.0


def _repair(text: str, encoding: str, controls: float | None = None) -> Decoded:
    """Remove NUL bytes and undo double decoding (`Â£`, `â€™`); binary when control characters abound.

    `controls` is the control-byte share when the caller counted it on the bytes (one-byte and UTF-8 text).
    """
    repairs = []
    if controls is None and text:
        controls = len(_CONTROL.findall(text)) / len(text)
    if controls and controls > _MAX_CONTROL_SHARE:
        return Decoded(None, "binary: NUL bytes and control characters")
    if controls != 0 and "\x00" in text:
        nuls = text.count("\x00")
        repairs.append(f"{nuls} NUL byte{'s' if nuls > 1 else ''} removed")
        text = text.replace("\x00", "")
    if "Â" in text or "Ã" in text or "â€" in text:  # how UTF-8 £, é, ’ look when read as cp1252
        import ftfy  # here: rarely needed, and ~0.07 s in every process that starts

        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            repairs.append("mojibake repaired")
            text = fixed
    return Decoded(text, f"{encoding} ({'; '.join(repairs)})" if repairs else encoding)


def decode_bytes(data: bytes) -> Decoded:
    """Decode with the BOM if there is one, else UTF-16 or UTF-32 by their NUL pattern, else UTF-8, else cp1252
    (the £ as one byte), else Latin-1; then repair. Known binary formats and NUL-ridden bytes are binary (text
    None)."""
    if data.startswith(_MAGIC_PREFIXES):
        return Decoded(None, f"binary: {next(kind for magic, kind in _MAGIC.items() if data.startswith(magic))}")
    if data.startswith(codecs.BOM_UTF8):
        return _repair(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        return _repair(data.decode("utf-32", errors="replace"), "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _repair(data.decode("utf-16", errors="replace"), "utf-16")
    wide = _wide_unicode_without_bom(data) if b"\x00" in data else None
    if wide:
        return _repair(data.decode(wide, errors="replace"), wide)
    return _repair(*_decode_text(data), controls=_control_share(data))
