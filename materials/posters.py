"""A4 posters of pages: title, summary and a QR code to the page in the poster's language."""

import segno
from django.utils.safestring import mark_safe

# Medium error correction: still readable when the print is a little worn or creased.
QR_ERROR_CORRECTION = "m"


def page_qr(url):
    return segno.make(url, error=QR_ERROR_CORRECTION, micro=False)


def qr_svg(qr, label):
    """The code as inline SVG (no request, no data: URI): black on white with its quiet zone,
    sized by the stylesheet."""
    return mark_safe(
        qr.svg_inline(
            scale=1,
            border=4,
            dark="#000",
            light="#fff",
            omitsize=True,
            svgclass="poster__qr-svg",
            title=label,
        )
    )
