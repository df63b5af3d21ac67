import io
import zipfile
from datetime import UTC, date, datetime

import pytest
import time_machine

TODAY = date(2026, 11, 25)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def unzip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)
