"""End-to-end batch runs: inputs of every kind, error records, order, time budget, resume."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from vngov.cli import main
from vngov.io.batch import BatchOptions, run_batch, scan_output
from vngov.text.encodings import encode

NOTICE = (
    "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG\nSố: {n:02d}/KH-UBND\n"
    "Hậu Giang, ngày 13 tháng 01 năm 2021\nKẾ HOẠCH\n"
    "Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ; tài liệu {n}."
)


def notice(n: int) -> str:
    return NOTICE.format(n=n)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_cli(*argv: str) -> int:
    return main(["extract", "--quiet", *argv])


def make_zip(path: Path, n: int, extra: bool = False) -> list[str]:
    """A zip of ``n`` notices (plus, with ``extra``, a symlink, a bomb and a binary member)."""
    names = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            name = f"docs/{i:05d}.txt"
            zf.writestr(name, notice(i))
            names.append(name)
        if extra:
            link = zipfile.ZipInfo("docs/link.txt")
            link.external_attr = (0o120777 << 16)
            zf.writestr(link, "/etc/passwd")
            zf.writestr("docs/bomb.txt", b"0" * (30 * 1024 * 1024))  # 30 MB of zeros, ~30 KB
            zf.writestr("docs/image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200))
            names += ["docs/link.txt", "docs/bomb.txt", "docs/image.txt"]
    return names


# --------------------------------------------------------------------------- inputs


def test_folder_mixed_encodings_html_and_errors(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    text = notice(4)
    (src / "a_utf8.txt").write_bytes(text.encode())
    (src / "b_bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (src / "c_utf16.txt").write_bytes(text.encode("utf-16"))
    (src / "d_cp1258.txt").write_bytes(encode(text, "windows-1258"))
    (src / "e_tcvn3.txt").write_bytes(encode(text, "tcvn3", errors="fold"))
    (src / "f_vni.txt").write_bytes(encode(text, "vni"))
    (src / "g.html").write_bytes(
        ("<html><head><script>x=1</script></head><body>"
         + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>").encode()
    )
    (src / "h.bin").write_bytes(b"\x00\x01\x02" * 100)
    (src / "sub" / "i.txt").write_bytes(text.encode())
    os.symlink(src / "a_utf8.txt", src / "j_link.txt")
    out = tmp_path / "out.jsonl"
    assert run_cli(str(src), "-o", str(out), "--jobs", "2") == 0
    recs = records(out)
    ids = [Path(r["id"]).name for r in recs]
    assert ids == ["a_utf8.txt", "b_bom.txt", "c_utf16.txt", "d_cp1258.txt", "e_tcvn3.txt",
                   "f_vni.txt", "g.html", "h.bin", "j_link.txt", "i.txt"]
    by = {Path(r["id"]).name: r for r in recs}
    expect = {"a_utf8.txt": "utf-8", "b_bom.txt": "utf-8-sig", "c_utf16.txt": "utf-16",
              "d_cp1258.txt": "windows-1258", "e_tcvn3.txt": "tcvn3", "f_vni.txt": "vni"}
    for name, enc in expect.items():
        assert by[name]["source"]["encoding"] == enc, name
        assert by[name]["result"]["document_numbers"][0]["normalized"] == "04/KH-UBND"
    html = by["g.html"]
    assert html["source"]["format"] == "html"
    assert html["source"]["offsets"] == "extracted-text"
    assert html["result"]["document_numbers"][0]["normalized"] == "04/KH-UBND"
    assert by["h.bin"]["error"]["type"] == "binary file"
    assert by["j_link.txt"]["error"]["type"] == "skipped"
    assert all(r["schema"] == "vngov/1" for r in recs)


def test_zip_thousands_with_bad_members(tmp_path: Path) -> None:
    archive = tmp_path / "notices.zip"
    names = make_zip(archive, 2000, extra=True)
    # Damage one member's data so its CRC check fails.
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("docs/00007.txt")
    data_at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    raw[data_at] ^= 0xFF
    archive.write_bytes(bytes(raw))
    out = tmp_path / "out.jsonl"
    assert run_cli(str(archive), "-o", str(out), "--jobs", "2", "--max-bytes", "1MB") == 0
    recs = records(out)
    assert [r["id"] for r in recs] == [f"{archive}::{n}" for n in names]
    errors = {r["id"].rsplit("/", 1)[-1]: r["error"]["type"] for r in recs if "error" in r}
    assert errors == {"00007.txt": "corrupt archive member", "link.txt": "skipped",
                      "bomb.txt": "file too large", "image.txt": "binary file"}
    assert recs[1999]["result"]["document_numbers"][0]["normalized"] == "1999/KH-UBND"


def test_lying_zip_header_is_still_bounded(tmp_path: Path) -> None:
    # A bomb whose header claims a tiny size: the cap applies to the bytes actually read.
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"a" * (3 * 1024 * 1024))
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("big.txt")
    for pos in (info.header_offset + 22, raw.rindex(b"PK\x01\x02") + 24):
        raw[pos:pos + 4] = (100).to_bytes(4, "little")  # uncompressed size = 100
    archive.write_bytes(bytes(raw))
    out = tmp_path / "out.jsonl"
    assert run_cli(str(archive), "-o", str(out), "--max-bytes", "1MB", "--jobs", "1") == 0
    (rec,) = records(out)
    assert rec["error"]["type"] in ("file too large", "corrupt archive member")


def test_tar_variants_links_devices_and_truncation(tmp_path: Path) -> None:
    for suffix, mode in ((".tar", "w"), (".tar.gz", "w:gz"), (".tar.bz2", "w:bz2"),
                         (".tar.xz", "w:xz")):
        archive = tmp_path / f"t{suffix}"
        with tarfile.open(archive, mode) as tf:
            for i in range(3):
                data = encode(notice(i), "vni" if i == 1 else "utf-8")
                ti = tarfile.TarInfo(f"n/{i}.txt")
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
            link = tarfile.TarInfo("n/link.txt")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tf.addfile(link)
            dev = tarfile.TarInfo("n/dev")
            dev.type = tarfile.CHRTYPE
            tf.addfile(dev)
        out = tmp_path / f"out{suffix}.jsonl"
        assert run_cli(str(archive), "-o", str(out), "--jobs", "1") == 0
        recs = records(out)
        assert [r["id"].split("::")[1] for r in recs] == [
            "n/0.txt", "n/1.txt", "n/2.txt", "n/link.txt", "n/dev"]
        assert recs[1]["source"]["encoding"] == "vni"
        assert [r["error"]["type"] for r in recs[3:]] == ["skipped", "skipped"]
    # A truncated tar.gz: the members before the damage, then one archive error record.
    whole = (tmp_path / "t.tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "cut.jsonl"
    assert run_cli(str(cut), "-o", str(out)) == 0
    recs = records(out)
    assert recs[-1]["id"] == str(cut)
    assert recs[-1]["error"]["type"] == "corrupt archive"


def test_gzip_jsonl_stdin_and_bombs(tmp_path: Path) -> None:
    gz = tmp_path / "one.txt.gz"
    gz.write_bytes(gzip.compress(notice(5).encode()))
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b" " * (5 * 1024 * 1024)))
    jl = tmp_path / "many.jsonl"
    jl.write_text(
        json.dumps({"id": "a", "text": notice(1)}, ensure_ascii=False) + "\n"
        + "{not json\n\n"
        + json.dumps({"id": "b", "text": "<p>Số: 02/TB-UBND</p>", "format": "html"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert run_cli(str(gz), str(bomb), str(jl), "-o", str(out), "--max-bytes", "1MB") == 0
    recs = records(out)
    assert [r["id"] for r in recs] == [str(gz), str(bomb), f"{jl}::a", f"{jl}::line2", f"{jl}::b"]
    assert recs[0]["result"]["document_numbers"][0]["normalized"] == "05/KH-UBND"
    assert recs[1]["error"]["type"] == "file too large"
    assert recs[3]["error"]["type"] == "invalid json"
    assert recs[4]["source"]["offsets"] == "extracted-text"
    # Standard input: one document, or JSON Lines.
    cmd = [sys.executable, "-m", "vngov.cli", "extract", "-q", "-", "--jobs", "1"]
    got = subprocess.run(cmd, input=notice(9).encode(), capture_output=True, check=True)
    (rec,) = [json.loads(x) for x in got.stdout.splitlines()]
    assert rec["id"] == "-"
    assert rec["result"]["document_numbers"][0]["normalized"] == "09/KH-UBND"
    got = subprocess.run(cmd, input=jl.read_bytes(), capture_output=True, check=True)
    assert [json.loads(x)["id"] for x in got.stdout.splitlines()] == [
        "-::a", "-::line2", "-::b"]


def test_glob_fields_and_csv(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(notice(1), encoding="utf-8")
    (src / "b.md").write_text(notice(2), encoding="utf-8")
    (src / "c.txt").write_bytes(b"\x00binary")
    (src / "d.txt").write_text("không có gì", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run_cli(str(src), "--glob", "*.txt", "--fields", "document_numbers",
                   "-o", str(out)) == 0
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["id", "field", "text", "start", "end", "rule", "value"]
    ids = [r[0].rsplit("/", 1)[-1] for r in rows[1:]]
    # a.txt: one row per document number; c.txt: its error; d.txt: found nothing, still a row.
    assert ids == ["a.txt", "a.txt", "c.txt", "d.txt"]
    assert [r[1:3] for r in rows[1:3]] == [["document_numbers", "01/KH-UBND"],
                                           ["document_numbers", "15/2020/NĐ-CP"]]
    assert json.loads(rows[1][6])["type_code"] == "KH"
    assert rows[3][1] == "error" and rows[3][5] == "binary file"
    assert rows[4][1:] == ["", "", "", "", "", ""]


def test_exit_status(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00")
    assert run_cli(str(tmp_path / "bad.txt"), "-o", str(tmp_path / "o.jsonl")) == 0
    assert run_cli(str(tmp_path / "bad.txt"), "--strict", "-o", str(tmp_path / "o.jsonl")) == 1
    assert run_cli(str(tmp_path / "bad.txt"), "-o", str(tmp_path / "no" / "dir.jsonl")) == 3
    with pytest.raises(SystemExit) as exc:
        run_cli(str(tmp_path), "--fields", "nonsense")
    assert exc.value.code == 2
    assert run_cli(str(tmp_path / "bad.txt"), "--resume") == 2  # --resume needs -o


# --------------------------------------------------------------------------- time budget


def test_timeout_and_crash_records_and_run_continues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vngov.api

    real = vngov.api.extract

    def slow_on_marker(text: str, fields=None, reference_date=None):  # type: ignore[no-untyped-def]
        if "PATHOLOGICAL" in text:
            time.sleep(60)
        if "SEGFAULT" in text:
            os._exit(139)  # a worker dying under a document
        return real(text, fields=fields, reference_date=reference_date)

    # Workers are forked, so they inherit the patched function.
    monkeypatch.setattr(vngov.api, "extract", slow_on_marker)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        body = {5: "PATHOLOGICAL", 20: "SEGFAULT"}.get(i, notice(i))
        (src / f"{i:03d}.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    t0 = time.monotonic()
    stats = run_batch([str(src)], str(out),
                      BatchOptions(jobs=2, timeout=1.5, chunksize=4, progress=False))
    assert time.monotonic() - t0 < 30
    recs = records(out)
    assert [Path(r["id"]).name for r in recs] == [f"{i:03d}.txt" for i in range(40)]
    assert recs[5]["error"]["type"] == "timeout"
    assert recs[20]["error"]["type"] == "worker crashed"
    assert all("result" in r for i, r in enumerate(recs) if i not in (5, 20))
    assert stats.errors == 2 and stats.documents == 40


# --------------------------------------------------------------------------- resume


def _wait_no_process_mentioning(marker: str, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = False
        for pid in os.listdir("/proc"):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if pid.isdigit() and marker.encode() in cmdline:
                alive = True
                break
        if not alive:
            return True
        time.sleep(0.2)
    return False


def _expected_ids(archive: Path, names: list[str]) -> list[str]:
    return [f"{archive}::{n}" for n in names]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_kill_and_resume_exactly_once(tmp_path: Path, fmt: str) -> None:
    archive = tmp_path / "big.zip"
    names = make_zip(archive, 3000)
    out = tmp_path / f"out.{fmt}"
    cmd = [sys.executable, "-m", "vngov.cli", "extract", "-q", str(archive), "-o", str(out),
           "--jobs", "2"]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if out.exists() and out.stat().st_size > 200_000:
            break
    proc.send_signal(signal.SIGKILL)  # workers are orphaned; they exit when their pipe closes
    proc.wait()
    if os.path.isdir("/proc"):
        assert _wait_no_process_mentioning(str(out)), "orphaned workers outlived kill -9"
    with out.open("ab") as fh:
        fh.write(b'{"id": "half a li')  # what a crash in the middle of a write would leave
    kept, _ = scan_output(str(out), fmt)
    assert 0 < kept < 3000
    assert subprocess.run([*cmd, "--resume"], check=False).returncode == 0
    if fmt == "jsonl":
        ids = [r["id"] for r in records(out)]
    else:
        rows = list(csv.reader(out.open(encoding="utf-8", newline="")))[1:]
        ids = [r[0] for i, r in enumerate(rows) if i == 0 or rows[i - 1][0] != r[0]]
    assert ids == _expected_ids(archive, names)


def test_interrupt_then_resume_and_mismatch(tmp_path: Path) -> None:
    archive = tmp_path / "big.zip"
    names = make_zip(archive, 1500)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "vngov.cli", "extract", "-q", str(archive), "-o", str(out),
           "--jobs", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    while not (out.exists() and out.stat().st_size > 50_000):
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"--resume" in err
    # Resuming with other inputs is refused rather than mixing outputs.
    other = tmp_path / "other.zip"
    make_zip(other, 10)
    assert subprocess.run([sys.executable, "-m", "vngov.cli", "extract", "-q", str(other),
                           "-o", str(out), "--resume"], check=False).returncode == 2
    assert subprocess.run([*cmd, "--resume"], check=False).returncode == 0
    assert [r["id"] for r in records(out)] == _expected_ids(archive, names)
    # Resuming a finished run adds nothing.
    assert subprocess.run([*cmd, "--resume"], check=False).returncode == 0
    assert len(records(out)) == 1500
