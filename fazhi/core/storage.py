"""Private file storage (非公开文件存储): 文书 and case attachments live under settings.PRIVATE_ROOT,
outside the static and media roots, so no web server serves them; a view that checks the user's
scope (and audits the read) streams them."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_ROOT, read on every use (tests point it at a
    temporary directory); a private file has no public address, so `url()` raises."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("非公开文件没有公开地址，须经权限检查的视图下载。")


_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    """For FileFields of private files: `FileField(storage=private_storage)` (a callable, so
    migrations do not freeze the path)."""
    return _STORAGE
