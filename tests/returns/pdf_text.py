"""The text of a PDF the service writes (ReportLab, DejaVu Sans in subsets), for tests.

ReportLab sets each run of text in a subset of the font, as one-byte codes that the subset's
ToUnicode map turns back into letters; this reads the pages' text through those maps. It
reads what ReportLab writes, not every PDF.
"""

from __future__ import annotations

import base64
import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)
FONT_NAME = re.compile(rb"/(F\d+(?:\+\d+)?) (\d+) 0 R")
SHOW_TEXT = re.compile(rb"/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)\s*Tj")
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream(body: bytes) -> bytes:
    """An object's stream, decoded as its filters say."""
    match = STREAM.search(body)
    if match is None:
        return b""
    data = match[1]
    if b"/ASCII85Decode" in body:
        data = base64.a85decode(data.strip().removeprefix(b"<~").removesuffix(b"~>"))
    if b"/FlateDecode" in body:
        data = zlib.decompress(data)
    return data


def _literal(text: bytes) -> bytes:
    """A PDF string's bytes, its escapes undone."""
    out, index = bytearray(), 0
    while index < len(text):
        char = text[index : index + 1]
        if char != b"\\":
            out += char
            index += 1
            continue
        following = text[index + 1 : index + 2]
        octal = re.match(rb"[0-7]{1,3}", text[index + 1 : index + 4])
        if octal:
            out.append(int(octal[0], 8))
            index += 1 + len(octal[0])
        else:
            out += ESCAPES.get(following, following)
            index += 2
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """The text of every page, in the order it is drawn."""
    objects = {int(number): body for number, body in OBJECT.findall(data)}
    maps: dict[int, dict[int, str]] = {}
    for number, body in objects.items():
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if to_unicode:
            cmap = _stream(objects[int(to_unicode[1])])
            maps[number] = {
                int(code, 16): chr(int(letter, 16))
                for code, letter in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
            }
    fonts = {
        name: maps.get(int(number), {})
        for body in objects.values()
        for name, number in FONT_NAME.findall(body)
    }
    text: list[str] = []
    current: dict[int, str] = {}
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:
            continue
        content = _stream(body)
        if b"BT" not in content:
            continue
        for font, shown in SHOW_TEXT.findall(content):
            if font:
                current = fonts.get(font, {})
            else:
                text.append("".join(current.get(byte, chr(byte)) for byte in _literal(shown)))
        text.append("\n")
    return " ".join(text)
