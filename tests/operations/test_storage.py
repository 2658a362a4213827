"""Photos on S3-compatible object storage (BINOME_STORAGE=s3): uploaded, served through the checked view, deleted.

moto stands in for the object storage, in this process: nothing leaves the machine.
"""

import pytest
from moto import mock_aws

from binome.cases.workflow import State
from binome.core import config
from binome.core.env import Env
from binome.diagnosis.models import Photo, private_storage
from tests.diagnosis.test_views import jpeg_with_gps, upload


BUCKET = "binome-test"


@pytest.fixture
def object_storage(settings, monkeypatch):
    environ = {
        "BINOME_STORAGE": "s3",
        "BINOME_S3_BUCKET": BUCKET,
        "BINOME_S3_ACCESS_KEY": "test",
        "BINOME_S3_SECRET_KEY": "test",
        "BINOME_S3_REGION": "eu-west-3",
    }
    with mock_aws():
        import boto3

        client = boto3.client("s3", region_name="eu-west-3", aws_access_key_id="test", aws_secret_access_key="test")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        settings.STORAGES = {**settings.STORAGES, "private": config.private_storage(Env(environ))}
        storage = private_storage()
        # The field took its storage when the model was imported: give it the one the settings now describe.
        monkeypatch.setattr(Photo._meta.get_field("image"), "storage", storage)
        yield client


def test_a_photo_goes_to_the_bucket_and_is_served_only_through_the_checked_view(
    client, world, make_dossier, object_storage, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.advisor)
    assert upload(client, dossier, jpeg_with_gps()).status_code == 200
    photo = Photo.objects.get(dossier=dossier)
    keys = [o["Key"] for o in object_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"binome/private/{photo.image.name}"]
    assert not (tmp_path / "private").exists()  # nothing on the server's disk
    acl = object_storage.get_object_acl(Bucket=BUCKET, Key=keys[0])
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]  # not public
    stored = object_storage.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    served = client.get(f"/dossiers/{dossier.pk}/diagnostic/photos/{photo.pk}/")
    assert served.status_code == 200 and served.content == stored
    client.force_login(world.referrer)
    assert client.get(f"/dossiers/{dossier.pk}/diagnostic/photos/{photo.pk}/").status_code == 403
