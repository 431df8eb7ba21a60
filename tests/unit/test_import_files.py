"""Files read by import are opened only if regular, read with a limit while reading, never slurped: /dev/zero and a
FIFO are refused at once, a huge file is refused without reading it whole, and the text that is read is made safe."""

from __future__ import annotations

import os
import resource
import threading
import time
from pathlib import Path

import pytest

from b2bterm.cli import main
from b2bterm.config import ConfigError, load_config
from b2bterm.files import FileReadError, read_regular_file
from b2bterm.quickorder.order_file import MAX_INPUT_BYTES, OrderFileError, read_order_file


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_before_a_byte_is_read(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(OrderFileError, match="not a regular file"):
        read_order_file("/dev/zero")
    code, _, err = run(capsys, "order", "import", "/dev/zero", "--account", "C10023")
    assert code == 2 and "not a regular file" in err
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: nothing was slurped


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "orders.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_order_file(fifo)
        except BaseException as exc:
            result.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock it before failing, so the test run does not hang
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO hung")
    assert time.monotonic() - started < 5
    assert result and isinstance(result[0], OrderFileError) and "not a regular file" in str(result[0])


def test_a_file_over_the_limit_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(MAX_INPUT_BYTES * 20)  # sparse: 100 MB that costs no disk
    with pytest.raises(OrderFileError, match="larger than"):
        read_order_file(big)


def test_the_limit_holds_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"a" * 5000)
    assert read_regular_file(path, 5000) == b"a" * 5000
    with pytest.raises(FileReadError, match="larger than 4,999"):
        read_regular_file(path, 4999)


def test_imported_text_has_no_control_sequences(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(b"LC1D09M7 x 5\x1b]52;c;SGFja2Vk\x07\r\n3RT2015 2\x1b[2J\rNXB-63 1\n")
    text = read_order_file(path)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert text.splitlines() == ["LC1D09M7 x 5", "3RT2015 2", "NXB-63 1"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_config_that_is_a_device_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(Path("/dev/zero"))
