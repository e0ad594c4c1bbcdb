"""Issue 13: the unpacked gazetteer cache is verified, re-unpacked when damaged, and
replaced by a temporary one when its home cannot be written."""

from __future__ import annotations

import os
import tempfile
import time

import pytest

from gazetteer import _store


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _lookup(name):
    from gazetteer._gazetteer import Gazetteer

    return [c.place.name for c in Gazetteer().lookup(name, limit=3)]


@pytest.mark.parametrize("damage", ["truncate names", "empty places"])
def test_a_damaged_cache_is_unpacked_again(cache, damage):
    store = _store.Store()
    directory = store.directory
    del store
    if damage == "truncate names":
        with open(directory / "names.tsv", "r+b") as fh:
            fh.truncate(os.path.getsize(directory / "names.tsv") // 2)
    else:
        (directory / "places.tsv").write_bytes(b"")
    assert not _store.verified(directory)
    assert "Vladivostok" in _lookup("Vladivostok")
    assert _store.verified(directory)


def test_an_edit_of_the_same_size_is_caught_by_the_checksum(cache):
    directory = _store.Store().directory
    path = directory / "names.tsv"
    data = bytearray(path.read_bytes())
    data[-10] ^= 1
    path.write_bytes(bytes(data))
    assert not _store.verified(directory)


def test_an_unwritable_cache_home_falls_back_to_a_temporary_cache(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ROUTES_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    assert "Vladivostok" in _lookup("Vladivostok")
    assert "ROUTES_CACHE_DIR" in capsys.readouterr().err


def test_old_tmp_debris_in_the_cache_is_removed(cache):
    cache.mkdir(parents=True)
    debris = cache / "gazetteer-x.abc.tmp"
    debris.mkdir()
    old = time.time() - 7200
    os.utime(debris, (old, old))
    fresh = cache / "gazetteer-y.abc.tmp"
    fresh.mkdir()
    _store.Store()
    assert not debris.exists() and fresh.exists()
