"""The cap on decompressed import files: a gzip bomb stops early with a clear error."""

from __future__ import annotations

import gzip
import zipfile

import pytest

from wendbaar.core.decompress import TooLarge, check_zip, read_limited

KB = 1024


def test_plain_and_gzip_within_the_limit(tmp_path):
    plain = tmp_path / "a.csv"
    plain.write_bytes(b"x" * 100)
    packed = tmp_path / "a.csv.gz"
    packed.write_bytes(gzip.compress(b"y" * 100))
    assert read_limited(plain, limit=100) == b"x" * 100
    assert read_limited(packed, limit=100) == b"y" * 100


def test_gzip_expanding_past_the_limit_stops(tmp_path):
    bomb = tmp_path / "bomb.csv.gz"
    bomb.write_bytes(gzip.compress(bytes(4 * 1024 * KB)))  # 4 MB of zeros, ~4 KB on disk
    assert bomb.stat().st_size < 10 * KB
    with pytest.raises(TooLarge) as caught:
        read_limited(bomb, limit=256 * KB)
    assert caught.value.limit == 256 * KB and caught.value.megabytes == "0.25"


def test_plain_file_past_the_limit(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"1" * 101)
    with pytest.raises(TooLarge):
        read_limited(big, limit=100)


def test_zip_members_declaring_more_than_the_limit(tmp_path):
    book = tmp_path / "book.xlsx"
    with zipfile.ZipFile(book, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("xl/worksheets/sheet1.xml", bytes(1024 * KB))
    check_zip(book, limit=2048 * KB)
    check_zip(book.read_bytes(), limit=2048 * KB)
    with pytest.raises(TooLarge):
        check_zip(book, limit=512 * KB)
    check_zip(b"not a zip", limit=1)  # left to the reader to refuse


def test_default_limit_is_the_setting(tmp_path, settings):
    settings.IMPORT_MAX_DECOMPRESSED_BYTES = 10
    path = tmp_path / "a.csv"
    path.write_bytes(b"0123456789A")
    with pytest.raises(TooLarge):
        read_limited(path)
