"""The command line as a newcomer meets it: the terminal chat without a token, clear configuration errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], tmp_path: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL", "BOT_ADMIN_IDS")}
    environment.update({"DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, input=stdin, capture_output=True,
                          text=True, timeout=120, env={**environment, "PYTHONPATH": str(ROOT)})


def test_without_a_token_the_bot_opens_in_the_terminal(tmp_path: Path) -> None:
    result = run([], tmp_path, stdin="/start\n/kiemtra\n1\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Xin chào" in result.stdout and "[1] Kiểm tra điều kiện hưởng hỗ trợ" in result.stdout
    assert "Bạn bắt đầu tạm hoãn hợp đồng hoặc nghỉ không lương từ ngày nào?" in result.stdout
    assert (tmp_path / "data" / "ansinh.db").is_file()  # the default SQLite database under ./data


def test_run_without_a_token_says_so_in_one_line(tmp_path: Path) -> None:
    result = run(["run"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "BOT_TOKEN is not set" in result.stderr


def test_a_malformed_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = run(["run"], tmp_path, BOT_ADMIN_IDS="12,abc")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "BOT_ADMIN_IDS" in result.stderr


def test_bulk_import_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Số CCCD,Số tiền\nNguyễn Thị Lan,056185001234,3710000\n", encoding="utf-8")
    result = run(["import", "approved", str(path), "--policy", "nq68_unpaid_leave", "--decision-number", "1/QĐ",
                  "--decision-date", "20/8/2021", "--yes"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Đã nhập xong: 1 dòng mới" in result.stdout
