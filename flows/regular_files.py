"""Reading a file dropped into the input folder: regular files only, and never more than a limit.

Anyone can put anything in the input folder. A named pipe blocks a reader for ever (and
the run holds the writer lock meanwhile); a device such as /dev/zero never ends; a file
can be swapped for either between the moment it was listed and the moment it is read. So
a file is opened without following links and without blocking, its kind and size are
checked on the open descriptor (not on the path, which may since point elsewhere), and
no more than the limit plus one byte is ever read, even from a file that grows.

File names are carried as text that any database, log or terminal accepts: see
`text_name`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

READ_CHUNK = 1 << 20

KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
    stat.S_IFLNK: "a symbolic link",
}


class NotRegularFile(OSError):
    """The path is a pipe, device, socket, link or folder: it is never read."""

    def __init__(self, mode: int) -> None:
        super().__init__(f"not a regular file: {kind_of(mode)}, never read")


class FileTooLarge(OSError):
    """The file holds more bytes than the limit (checked on the descriptor and while reading)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file too large: {size / 1e6:.1f} MB, the limit is {limit / 1e6:.0f} MB")
        self.size = size


def kind_of(mode: int) -> str:
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, at most `max_bytes` of them.

    Raises NotRegularFile for anything else (checked on the open descriptor, so a file
    replaced by a pipe after it was listed is caught too), FileTooLarge when the
    descriptor's size or the bytes actually read pass the limit, and OSError when the
    file cannot be opened. Opening never blocks (O_NONBLOCK, which a FIFO needs) and
    never follows a symbolic link (O_NOFOLLOW).
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:  # a link (ELOOP), a socket (ENXIO)...: say what it is
        try:
            mode = path.lstat().st_mode
        except OSError:
            raise err from None
        if not stat.S_ISREG(mode):
            raise NotRegularFile(mode) from err
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(info.st_mode)
        if info.st_size > max_bytes:
            raise FileTooLarge(info.st_size, max_bytes)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(READ_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise FileTooLarge(total, max_bytes)  # it grew while being read
        return b"".join(chunks)
    finally:
        os.close(fd)


def text_name(name: str | os.PathLike[str]) -> str:
    """A file name (or relative path) as text that is safe to store, log and print.

    On Linux a name is bytes; Python hands undecodable bytes over as lone surrogates,
    which DuckDB, JSON and a UTF-8 terminal all refuse ('surrogates not allowed'). Here
    each undecodable byte becomes `\\xNN` and each backslash `\\\\` (the escape of
    Python's byte strings), so every name, however odd, has one text and no two names
    share it: the text still works as the key of what the warehouse remembers of the
    file. Names of valid UTF-8 without a backslash, nearly all of them, are unchanged.
    """
    raw = os.fsencode(name)
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")
