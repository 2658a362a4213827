"""Photo cleaning (pure Pillow): type and size checks, re-encoding, EXIF and GPS removal."""

import io

import pytest
from PIL import Image

from binome.diagnosis import images
from binome.diagnosis.images import ImageRefused, clean_image


GPS_IFD = 0x8825


def encoded(fmt="JPEG", size=(120, 80), exif=None, mode="RGB") -> bytes:
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else 128).save(out, format=fmt, **kwargs)
    return out.getvalue()


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "Tablette"
    exif[GPS_IFD] = {1: "N", 2: (46.0, 40.0, 12.0), 3: "E", 4: (5.0, 33.0, 0.0)}
    if orientation:
        exif[0x0112] = orientation
    return exif


def test_gps_and_every_exif_tag_are_removed():
    data = encoded(exif=gps_exif())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(GPS_IFD)
    cleaned = clean_image(data)
    with Image.open(io.BytesIO(cleaned.content)) as result:
        assert result.format == "JPEG"
        assert dict(result.getexif()) == {}
        assert "exif" not in result.info
    assert b"Tablette" not in cleaned.content


def test_orientation_is_applied_before_the_tag_is_dropped():
    cleaned = clean_image(encoded(size=(120, 80), exif=gps_exif(orientation=6)))  # rotated 90°
    assert (cleaned.width, cleaned.height) == (80, 120)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_re_encoded_as_jpeg(fmt):
    cleaned = clean_image(encoded(fmt))
    assert cleaned.content[:3] == b"\xff\xd8\xff"
    assert (cleaned.width, cleaned.height) == (120, 80)


def test_large_pictures_are_downscaled():
    cleaned = clean_image(encoded(size=(4000, 1000)))
    assert (cleaned.width, cleaned.height) == (images.MAX_SIDE, 640)


def test_payload_hidden_after_the_image_is_dropped():
    data = encoded() + b"<?php system($_GET['c']); ?>"
    assert b"<?php" not in clean_image(data).content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"%PDF-1.7 pretending to be a photo", "n'est pas une image lisible"),
        (encoded("GIF", mode="L"), "Format GIF refusé"),
        (encoded()[:200], "image"),
    ],
)
def test_refusals_are_explained_in_french(data, message):
    with pytest.raises(ImageRefused, match=message):
        clean_image(data)


def test_too_large_files_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(ImageRefused, match="dépasse"):
        clean_image(encoded(size=(400, 400)) + b"\0" * 1000)


def test_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    with pytest.raises(ImageRefused, match="trop grande"):
        clean_image(encoded(size=(20, 20)))
