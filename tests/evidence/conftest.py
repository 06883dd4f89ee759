import pytest


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test stores evidence in a folder of its own."""
    root = tmp_path / "private"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture(autouse=True)
def english():
    """Refusal messages are checked in English; the Chinese catalogues are tested elsewhere."""
    from django.utils import translation

    with translation.override("en"):
        yield
