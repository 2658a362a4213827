"""Checking and cleaning photos uploaded from a tablet (Pillow only, no Django import).

``clean_image(data)`` refuses what is not a JPEG, PNG or WebP image (whatever its name says), refuses files or
pictures that are too large, applies the EXIF orientation, then re-encodes the pixels to a fresh JPEG: no metadata
of the original file survives (EXIF with GPS position, XMP, comments, embedded thumbnails), nor any payload hidden
after the image data.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError


MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # declared size, read from the header before any decoding: about 8 000 × 6 000
MAX_DECODED_PIXELS = 16_000_000  # pixels actually decoded (about 4 000 × 4 000, 48 MB in RGB)
MAX_SIDE = 2560  # stored images are downscaled to this longest side
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: JPEG from some phone cameras
JPEG_QUALITY = 85
ORIENTATION = 0x0112  # the EXIF tag


class ImageRefused(ValueError):
    """The upload is not an acceptable image; French message for the user."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int


def _check_header(data: bytes) -> str:
    """The image's format, read without decoding its pixels; refuses what is not an accepted image."""
    if not data:
        raise ImageRefused("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise ImageRefused(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : réduisez la taille de la photo.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("Ce fichier n'est pas une image lisible (formats acceptés : JPEG, PNG, WebP).") from None
    if kind not in ACCEPTED_FORMATS:
        raise ImageRefused(f"Format {kind} refusé : envoyez une photo JPEG, PNG ou WebP.")
    return kind


def _decode(image) -> Image.Image:
    """The pixels, decoded within the memory budget: a JPEG at the smallest scale that still gives MAX_SIDE (its
    decoder scales by 1/2, 1/4 or 1/8 for free), any image refused above MAX_DECODED_PIXELS, all before
    decoding. A small file may announce a huge picture (a 5 KiB PNG of 7 000 × 7 000 pixels): the size is
    checked from the header, never by decoding it."""
    if image.width * image.height > MAX_PIXELS:
        raise ImageRefused(f"L'image est trop grande (plus de {MAX_PIXELS // 1_000_000} millions de pixels).")
    if image.format in {"JPEG", "MPO"}:
        ratio = MAX_SIDE / max(image.width, image.height)
        if ratio < 1:  # the size it is stored at, which the decoder's scale must not go under
            image.draft("RGB", (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
    if image.width * image.height > MAX_DECODED_PIXELS:
        raise ImageRefused(
            f"L'image est trop grande ({image.width} × {image.height} pixels) : "
            f"envoyez une photo de moins de {MAX_DECODED_PIXELS // 1_000_000} millions de pixels."
        )
    image.load()
    return image


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    """The image turned as its EXIF orientation says (read before ``thumbnail``, which may drop it)."""
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation if isinstance(orientation, int) else 1)
    return image.transpose(method) if method is not None else image


def clean_image(data: bytes) -> CleanImage:
    _check_header(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            decoded = _decode(image)
            orientation = decoded.getexif().get(ORIENTATION, 1)  # read after the checks: a PNG decodes to find it
            decoded.thumbnail((MAX_SIDE, MAX_SIDE))  # in place, before any copy
            upright = _upright(decoded, orientation)
            pixels = upright.convert("RGB")
    except ImageRefused:
        raise
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("L'image est endommagée et ne peut pas être lue.") from None
    # A new image holding only the pixels: nothing of the original's info dict (EXIF, GPS, XMP, ICC) is carried over.
    fresh = Image.new("RGB", pixels.size)
    fresh.paste(pixels)
    out = io.BytesIO()
    fresh.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanImage(out.getvalue(), fresh.width, fresh.height)
