"""moto's S3 server, started by a test on a port of its own (uploads any worker reads,
backups of an S3 media store). Its fixture ``s3_server`` is registered in
``tests/conftest.py``; without moto it skips, and in CI it fails."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.ports import free_port


@dataclass
class S3Server:
    """moto's S3 server on a port of its own, with one empty bucket."""

    endpoint_url: str
    bucket: str
    region: str = "us-east-1"
    access_key: str = "testing"
    secret_key: str = "testing"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def storage_settings(self) -> dict:
        """``STORAGES["default"]`` for this server, as base settings build it."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint_url,
                "region_name": self.region,
                "access_key": self.access_key,
                "secret_key": self.secret_key,
                "default_acl": None,
                "file_overwrite": False,
            },
        }

    def env(self) -> dict[str, str]:
        """The environment that makes a worker's settings use this server."""
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }


@pytest.fixture
def s3_server() -> Iterator[S3Server]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must run this test: moto[server] is not installed")
        pytest.skip("moto[server] is not installed")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    s3 = S3Server(endpoint_url=f"http://127.0.0.1:{port}", bucket="ssi-uploads")
    try:
        _reset(s3)  # moto keeps its buckets per process, whichever server made them
        s3.client().create_bucket(Bucket=s3.bucket)
        yield s3
    finally:
        _reset(s3)
        server.stop()


def _reset(s3: S3Server) -> None:
    url = f"{s3.endpoint_url}/moto-api/reset"  # the test's own server on loopback
    request = urllib.request.Request(url, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
