"""Bad input gets one clear line naming the file (and line); good articles are still processed."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, dump_jsonl

from khabar.read import Article, InputError, read_paths

GOOD = "Fighters of the Example Brigade shelled the town of Gharyan on Monday, local officials said."


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "khabar.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_each_bad_input_gets_one_error_naming_it(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 20)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 r\xe9union".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("word " * 220_000)
    (tmp_path / "ok.txt").write_text(GOOD)
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n{not json\n" + json.dumps({"id": "c"}) + "\n")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    errors = {str(e) for e in items if isinstance(e, InputError)}
    articles = [a for a in items if isinstance(a, Article)]
    assert {a.id for a in articles} == {"a", "ok"}
    expected = {
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'binary.txt'}: binary file, not text (found NUL bytes; UTF-16 or UTF-32 text needs a byte-order mark)",
        f"{tmp_path / 'mixed.jsonl'}:3: missing the required string field 'text'",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    }
    assert expected <= errors
    assert any(e.startswith(f"{tmp_path / 'latin1.txt'}: not UTF-8") for e in errors)
    assert any(e.startswith(f"{tmp_path / 'mixed.jsonl'}:2: malformed JSON") for e in errors)
    assert any(e.startswith(f"{tmp_path / 'huge.txt'}: article is 1,100,000 characters") for e in errors)
    assert all("\n" not in e for e in errors)


def test_cli_reports_errors_and_still_writes_good_records(tmp_path: Path):
    dump_jsonl(tmp_path / "in.jsonl", [{"id": "one", "text": GOOD, "published": "2022-01-05"}])
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\xff")
    out = tmp_path / "out.jsonl"
    proc = _run("extract", str(tmp_path / "in.jsonl"), str(tmp_path / "bad.txt"), "-o", str(out))
    assert proc.returncode == 1
    assert "bad.txt: binary file" in proc.stderr
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["doc"]["id"] for r in recs] == ["one"]
    assert recs[0]["doc"]["published"] == "2022-01-05"


def test_cli_fails_whole_run_with_exit_2(tmp_path: Path):
    proc = _run("extract", str(tmp_path / "nothing-here.txt"))
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("nothing-here.txt: no such file or folder")


def test_txt_metadata_from_options_and_crlf_normalised(tmp_path: Path):
    (tmp_path / "story.txt").write_bytes(GOOD.replace(" on Monday,", " on Monday,\r\n").encode())
    proc = _run("extract", str(tmp_path / "story.txt"), "--published", "2022-02-01", "--outlet", "Example Wire")
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    assert rec["doc"]["id"] == "story"
    assert rec["doc"]["outlet"] == "Example Wire" and rec["doc"]["published"] == "2022-02-01"
    assert "\r" not in rec["doc"]["text"]


def test_html_page_gives_main_text_and_metadata(tmp_path: Path):
    body = "".join(f"<p>{GOOD} Paragraph {i} adds more detail about the fighting.</p>" for i in range(4))
    page = (
        f"<html><head><title>Gharyan shelled</title><meta property='og:site_name' content='Example Wire'>"
        f"<meta name='date' content='2022-03-04'></head><body><nav>Home | World</nav><article>{body}"
        f"</article><footer>Copyright</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(page)
    items = list(read_paths([tmp_path / "page.html"]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    art = items[0]
    assert "Gharyan" in art.text and "Copyright" not in art.text and "Home | World" not in art.text
    assert art.title == "Gharyan shelled"
    assert art.published == "2022-03-04"


def test_examples_folder_reads_five_articles():
    arts = [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]
    assert 4 <= len(arts) <= 6
    assert all(a.published and a.title for a in arts)


def test_utf16_and_utf32_with_a_byte_order_mark_are_text(tmp_path: Path):
    (tmp_path / "u16.txt").write_bytes(GOOD.encode("utf-16"))  # Python writes the mark first
    (tmp_path / "u32.txt").write_bytes(GOOD.encode("utf-32"))
    (tmp_path / "u16be.jsonl").write_bytes(b"\xfe\xff" + (json.dumps({"id": "be", "text": GOOD}) + "\n").encode("utf-16-be"))
    items = list(read_paths([tmp_path]))
    assert all(isinstance(a, Article) for a in items), items
    assert [a.text for a in items] == [GOOD, GOOD, GOOD]


def test_control_characters_are_removed_and_broken_unicode_or_dates_refused(tmp_path: Path):
    rows = [
        {"id": "nul", "text": "Rebels\u0000 shelled\u0007 the town.\tIt burned.", "title": "A\u0000B", "published": "2024-02-29"},
        {"id": "surrogate", "text": "Rebels shelled \ud800 the town."},
        {"id": "feb30", "text": GOOD, "published": "2024-02-30"},
        {"id": "month13", "text": GOOD, "published": "2024-13-01"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "late-nul.txt").write_bytes(b"x " * 5000 + b"Rebels\x00 shelled the town.")
    items = {getattr(i, "id", None) or i.origin: i for i in read_paths([path, tmp_path / "late-nul.txt"])}
    nul = items["nul"]
    assert nul.text == "Rebels shelled the town.\tIt burned." and nul.title == "AB" and nul.published == "2024-02-29"
    assert "\x00" not in items["late-nul"].text and items["late-nul"].text.endswith("Rebels shelled the town.")
    errors = {str(i) for i in items.values() if isinstance(i, InputError)}
    assert f"{path}:2: not valid Unicode: a lone surrogate (U+D800) at character 15 of the text" in errors
    assert f"{path}:3: published date '2024-02-30' is not a real day" in errors
    assert f"{path}:4: published date '2024-13-01' is not a real day" in errors


def test_symbolic_link_loops_and_broken_links_are_reported(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(GOOD)
    items = list(read_paths([tmp_path]))
    assert [a.id for a in items if isinstance(a, Article)] == ["ok"]
    errors = sorted(str(e) for e in items if isinstance(e, InputError))
    assert errors == [
        f"{tmp_path / 'gone.txt'}: broken symbolic link: what it points to does not exist",
        f"{tmp_path / 'self.txt'}: symbolic link loop: the link points back to itself",
        f"{tmp_path / 'sub' / 'back'}: symbolic link loop: this folder is already being read",
    ]


def test_an_html_file_over_the_byte_cap_is_refused_before_parsing(tmp_path: Path):
    import time

    page = "<html><body>" + "<div><p>Filler paragraph about nothing at all.</p></div>" * 200_000 + "</body></html>"
    (tmp_path / "big.html").write_text(page)
    started = time.perf_counter()
    items = list(read_paths([tmp_path / "big.html"]))
    assert time.perf_counter() - started < 1.0
    assert str(items[0]) == f"{tmp_path / 'big.html'}: HTML page of {len(page):,} bytes, over the limit of 5,000,000 bytes"


def test_text_that_looks_like_markup_is_printed_as_text(tmp_path: Path):
    (tmp_path / "a[").mkdir()
    (tmp_path / "a[/x].txt").write_text("")  # the path reads as a closing markup tag
    (tmp_path / "ok.txt").write_text(GOOD)
    dump_jsonl(tmp_path / "meta.jsonl", [{"id": "m", "text": GOOD + " Again.", "published": "[/x]"},
                                         {"id": "t", "text": GOOD + " Once more.", "title": "[bold red]Alert[/] :smile: [/x]"}])  # fmt: skip
    out = tmp_path / "out.jsonl"
    proc = _run("extract", str(tmp_path), "-o", str(out), "--workers", "1")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "MarkupError" not in proc.stderr
    assert f"error {tmp_path / 'a[/x].txt'}: empty file" in proc.stderr
    assert f"error {tmp_path / 'meta.jsonl'}:1: published date '[/x]' is not YYYY-MM-DD" in proc.stderr
    assert sorted(json.loads(line)["doc"]["id"] for line in out.read_text().splitlines()) == ["ok", "t"]
    shown = _run("show", str(out))
    assert shown.returncode == 0, shown.stderr
    assert "[bold red]Alert[/] :smile: [/x]" in shown.stdout
    db = str(tmp_path / "k.db")
    stored = _run("ingest", str(out), "--db", db)
    assert stored.returncode == 0, stored.stderr
    found = _run("search", "once more", "--db", db)
    assert found.returncode == 0 and "[bold red]Alert[/] :smile: [/x]" in found.stdout, found.stdout + found.stderr


def test_an_unexpected_failure_is_one_line_unless_debug(tmp_path: Path):
    bad = tmp_path / "not-a-db"
    bad.write_text("this is not SQLite")
    proc = _run("stats", "--db", str(bad))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
