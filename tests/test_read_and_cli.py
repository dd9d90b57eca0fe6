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
        f"{tmp_path / 'binary.txt'}: binary file, not text (found NUL bytes)",
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
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
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
