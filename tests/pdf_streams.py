"""PDFs written by hand from raw content streams, to reproduce a producer's text pattern.

A test states the content stream (``BT /C 240 Tf 0.05 0 0 0.05 72 700 Tm ... ET``) the way
a producer writes it, and this module wraps it in a minimal valid PDF. Two fonts are on
every page: ``/C``, a Chinese font by name only (STSong-Light through the predefined
UniGB-UCS2-H CMap, which every reader resolves without an embedded font; each character
one em wide), and ``/H``, Helvetica.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

A4 = (595.0, 842.0)
A4_LANDSCAPE = (842.0, 595.0)

_FONTS = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
    b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
    b" /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
    b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
    b" /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
)


@dataclass(frozen=True)
class RawPage:
    content: str
    size: tuple[float, float] = A4
    rotate: int = 0


def cjk(text: str) -> str:
    """``text`` as a hex string for the ``/C`` font (UCS-2 code units)."""
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def raw_pdf(pages: Sequence[RawPage]) -> bytes:
    """A PDF whose pages draw the given content streams with the fonts ``/C`` and ``/H``."""
    n = len(pages)
    font_c, font_h = 3 + 2 * n, 4 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n)).encode()
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
    ]
    for i, page in enumerate(pages):
        width, height = page.size
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Rotate %d /Contents %d 0 R"
            b" /Resources << /Font << /C %d 0 R /H %d 0 R >> >> >>"
            % (width, height, page.rotate, 4 + 2 * i, font_c, font_h)
        )
        stream = page.content.encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects += _FONTS
    return pdf_file(objects)


def pdf_file(objects: Sequence[bytes], trailer_extra: bytes = b"") -> bytes:
    """A minimal PDF of the numbered ``objects`` (1 is the catalog) with a correct
    cross-reference table; ``trailer_extra`` adds entries to the trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
