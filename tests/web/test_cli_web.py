"""``python -m bot web`` starts the public page on the given port without a bot token, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_command_serves_the_page(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "BOT_ADMIN_IDS", "BOT_PROVINCE")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}", "DATA_DIR": str(tmp_path),
            "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port)], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        output = []
        for line in process.stdout:  # migration lines first, then the banner
            output.append(line)
            if "Press Ctrl+C" in line:
                break
        assert f"http://127.0.0.1:{port}/" in output[-1], output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=en", timeout=10) as response:
            page = response.read().decode()
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "No area has published its figures yet." in page
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
