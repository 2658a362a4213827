"""Checking and cleaning photos uploaded from a tablet (Pillow only, no Django import).

``clean_image(data)`` refuses what is not a JPEG, PNG or WebP image (whatever its name says), refuses files or
pictures that are too large, applies the EXIF orientation, then re-encodes the pixels to a fresh JPEG: no metadata
of the original file survives (EXIF with GPS position, XMP, comments, embedded thumbnails), nor any payload hidden
after the image data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError


MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # about 8 000 × 6 000, above any tablet camera
MAX_SIDE = 2560  # stored images are downscaled to this longest side
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: JPEG from some phone cameras
JPEG_QUALITY = 85


class ImageRefused(ValueError):
    """The upload is not an acceptable image; French message for the user."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
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
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused("L'image est trop grande (plus de 50 millions de pixels).")
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = upright.convert("RGB")
    except ImageRefused:
        raise
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("L'image est endommagée et ne peut pas être lue.") from None
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image holding only the pixels: nothing of the original's info dict (EXIF, GPS, XMP, ICC) is carried over.
    fresh = Image.new("RGB", pixels.size)
    fresh.paste(pixels)
    out = io.BytesIO()
    fresh.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanImage(out.getvalue(), fresh.width, fresh.height)
