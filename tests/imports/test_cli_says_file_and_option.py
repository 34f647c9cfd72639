"""`incidents import` names the file in each of its errors, and the option at fault where the file is not (an h1 audit,
7 December).

Found: its lines read `line 2, column 时间 (observed_at): …` and `file: …`, naming no file (a loop over a folder of
sheets, its errors in one log, could not tell whose line 2 was wrong); a reports file without `--event` said `file:
choose the event the reports belong to` (the web page's select, not the command's option), and an account whose role
may not import said `file: your role may not import this kind of file`: the file was not at fault, `--as` was.
"""

from __future__ import annotations

from tests.imports.conftest import csv_bytes

ROWS = [["地点", "事项", "时间"], ["文峰区/北大街街道", "巡查", "2021-07-24 99:00"]]


def test_a_row_error_names_the_file_line_and_column(runner, event, make_user, tmp_path):
    make_user("co", "coordinator")
    path = tmp_path / "town-a.csv"
    path.write_bytes(csv_bytes(ROWS))
    bad = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert bad.exit_code == 1
    assert f"{path}, line 2, column 时间 (observed_at): must be a date and time" in bad.output, bad.output
    path.write_bytes(b"")
    empty = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert empty.exit_code == 1 and f"{path}: the file is empty" in empty.output, empty.output


def test_what_is_not_the_files_fault_names_the_option(runner, event, make_user, tmp_path):
    make_user("co", "coordinator")
    make_user("looker", "viewer")
    path = tmp_path / "log.csv"
    path.write_bytes(csv_bytes([ROWS[0], ["文峰区/北大街街道", "巡查", "2021-07-24 09:00"]]))
    no_event = runner.invoke(args=["incidents", "import", str(path), "--as", "co"])
    assert no_event.exit_code == 1
    assert "--event: give the code of the event the reports belong to" in no_event.output, no_event.output
    assert "file:" not in no_event.output
    viewer = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "looker"])
    assert viewer.exit_code == 1
    assert "--as looker: the account's role may not import this kind of file" in viewer.output, viewer.output
