"""Reading an input file: regular files only, never past the limit; names as safe text."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from flows.regular_files import FileTooLarge, NotRegularFile, read_regular_file, text_name


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def device(path: Path) -> Path:
    try:
        os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("mknod is not allowed here")
    return path


def unix_socket(path: Path) -> Path:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def link(path: Path) -> Path:
    target = path.with_name("target.txt")
    target.write_text("words")
    path.symlink_to(target)
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (fifo, "named pipe"),
        (device, "character device"),
        (unix_socket, "socket"),
        (folder, "directory"),
        (link, "symbolic link"),
    ],
)
def test_anything_but_a_regular_file_is_refused_without_blocking(tmp_path, make, kind):
    """A pipe with no writer would block open() for ever and /dev/zero never ends: both,
    and sockets, folders and links, are refused from the open descriptor's kind."""
    path = make(tmp_path / "x.txt")
    done: list[BaseException] = []
    worker = threading.Thread(target=lambda: done.append(catch(path)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done, "reading blocked"
    assert isinstance(done[0], NotRegularFile) and kind in str(done[0]), done[0]


def catch(path: Path) -> BaseException | None:
    try:
        read_regular_file(path, 1000)
    except BaseException as err:  # noqa: BLE001 - the test inspects it
        return err
    return None


def test_the_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "sparse.txt"
    with open(path, "wb") as handle:
        handle.truncate(5_000_000)  # 5 MB on paper, nothing on disk
    with pytest.raises(FileTooLarge, match="5.0 MB"):
        read_regular_file(path, 1_000_000)


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Mosul fell.\n" * 100)
    assert read_regular_file(path, 10_000) == b"Mosul fell.\n" * 100


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"plain.txt", "plain.txt"),
        ("naïve ç.txt".encode(), "naïve ç.txt"),
        (b"caf\xe9.txt", "caf\\xe9.txt"),
        (b"dossier\xff/inner.txt", "dossier\\xff/inner.txt"),
        (b"back\\slash.txt", "back\\\\slash.txt"),
        (b"caf\\xe9.txt", "caf\\\\xe9.txt"),  # the literal text stays apart from the byte
    ],
)
def test_a_name_becomes_storable_text_and_no_two_names_collide(raw, text):
    assert text_name(os.fsdecode(raw)) == text
    text.encode("utf-8")  # storable: no lone surrogates
