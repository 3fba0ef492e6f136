"""One text-decoding policy for every byte the tool reads: documents, standard input, typed
answers, .env, and names the operating system hands over (arguments, environment, file names).

    UTF-8 (a byte-order mark is fine, and UTF-16 with its byte-order mark);
    anything else is read as Windows-1252 (Latin-1 plus typographic quotes, dashes and the euro),
    its five unassigned bytes as U+FFFD.

Every byte sequence decodes, and no text that comes out holds a lone surrogate, so nothing read
can break a JSON file or the terminal later. Python hands over undecodable bytes in arguments,
the environment and file names as surrogate escapes ('Caf\\udce9'): `os_text` turns those back
into bytes and decodes them by the same policy ('Café').
"""

from __future__ import annotations

from dataclasses import dataclass

FALLBACK = "Windows-1252"  # the codec, and its name in messages
POLICY = "UTF-8, else Windows-1252"
_BOM_8 = b"\xef\xbb\xbf"
_BOMS_16 = (b"\xff\xfe", b"\xfe\xff")
_UTF8_LONGEST = 4  # bytes of the longest UTF-8 character: what a size limit may cut in two


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-16" or FALLBACK

    @property
    def fell_back(self) -> bool:
        """True when the bytes were not UTF-8 (nor UTF-16 with a byte-order mark)."""
        return self.encoding == FALLBACK


def decode(data: bytes, truncated: bool = False) -> Decoded:
    """`data` as text by the policy. `truncated`: the bytes were cut at a size limit, so a last
    character cut in two is dropped rather than taken for another encoding."""
    if data.startswith(_BOMS_16):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    body = data.removeprefix(_BOM_8)
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        cut = error.reason == "unexpected end of data" and error.start >= len(body) - _UTF8_LONGEST
        if truncated and cut:
            return Decoded(body[: error.start].decode("utf-8"), "utf-8")
    return Decoded(data.decode(FALLBACK, errors="replace"), FALLBACK)


def decode_text(data: bytes) -> str:
    """`data` as text by the policy."""
    return decode(data).text


def os_text(value: str) -> str:
    """A name or value from the operating system (an argument, an environment variable, a file
    name) as clean text: surrogate escapes of undecodable bytes decoded by the policy."""
    if not has_surrogates(value):
        return value
    try:
        raw = value.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escape of a byte: not text at all
        return "".join("\ufffd" if _is_surrogate(c) else c for c in value)
    return decode_text(raw)


def has_surrogates(value: str) -> bool:
    return any(_is_surrogate(c) for c in value)


def _is_surrogate(character: str) -> bool:
    return "\ud800" <= character <= "\udfff"
