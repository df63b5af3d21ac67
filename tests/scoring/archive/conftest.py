import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a throw-away folder, so tests can see what is left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def upload_dir(_media):
    return _media / "archive-imports"


def leftover_files(folder) -> list:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
