"""The golden-file mechanism itself: a missing file fails unless asked to write it; a change fails with a diff."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import MagicMock

import pytest

from tests.golden import transcript
from tests.golden.transcript import Transcript, assert_matches_golden


def _chat(*lines: str) -> Transcript:
    return Transcript(MagicMock(), list(lines))


def test_a_missing_golden_file_fails_and_is_not_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transcript, "GOLDEN_DIR", tmp_path)
    monkeypatch.delenv(transcript.UPDATE_VARIABLE, raising=False)
    with pytest.raises(pytest.fail.Exception, match="no golden transcript"):
        assert_matches_golden("new", _chat(">>> /start"))
    assert not (tmp_path / "new.txt").exists()


def test_update_writes_then_a_changed_text_fails_with_a_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transcript, "GOLDEN_DIR", tmp_path)
    monkeypatch.setenv(transcript.UPDATE_VARIABLE, "1")
    assert_matches_golden("flow", _chat(">>> /start", "<<<", "    Hello", "    HS-2611-7KQ3X"))
    assert (tmp_path / "flow.txt").read_text(encoding="utf-8").endswith("HS-2611-XXXXX\n")  # random part masked
    monkeypatch.delenv(transcript.UPDATE_VARIABLE)
    assert_matches_golden("flow", _chat(">>> /start", "<<<", "    Hello", "    HS-2611-ABCDE"))
    with pytest.raises(pytest.fail.Exception, match=r"(?s)-    Hello.*\+    Xin chào"):
        assert_matches_golden("flow", _chat(">>> /start", "<<<", "    Xin chào", "    HS-2611-ABCDE"))
