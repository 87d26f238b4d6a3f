"""Keyed codes for a chat identity: the respondent hash and the survey cooldown marker."""

from __future__ import annotations

from kinerja.identity import cooldown_marker, identity_hash

KEY = b"k" * 32


def test_the_cooldown_marker_is_keyed_per_unit_and_unlinkable_to_the_identity_hash() -> None:
    marker = cooldown_marker(KEY, 7340215986, 12)
    assert marker == cooldown_marker(KEY, 7340215986, 12)
    assert len(marker) == 64
    assert "7340215986" not in marker
    assert marker != identity_hash(KEY, 7340215986)
    assert marker != cooldown_marker(KEY, 7340215986, 13)
    assert marker != cooldown_marker(KEY, 7340215987, 12)
    assert marker != cooldown_marker(b"x" * 32, 7340215986, 12)
