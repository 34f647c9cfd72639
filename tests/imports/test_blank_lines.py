"""Blank lines of a CSV are read past at once: 64 MB of them (",,," a line, or nothing, as a spreadsheet may
save after its rows), read one by one through the row checks, held a worker for minutes, past gunicorn's 60 s.
A row's line is still the line the spreadsheet shows, blank lines before it counted."""

from __future__ import annotations

import time

from incidents.imports.reading import read_table

HEADERS = {"area": "area", "title": "title", "observed_at": "observed_at"}


def test_four_million_blank_lines_after_the_rows_are_cut_at_once():
    data = ("area,title,observed_at\r\n文峰区,巡查,2021-07-24 10:00,\r\n" + ",,\r\n" * 4_000_000).encode()
    began = time.process_time()  # CPU: a loaded machine stretches the wall clock, not the work
    table = read_table("log.csv", data, HEADERS)
    took = time.process_time() - began
    assert [line for line, _cells in table.rows] == [2]
    assert table.rows[0][1][:3] == ["文峰区", "巡查", "2021-07-24 10:00"]  # the last row kept whole
    assert took < 5, f"{took:.1f} s CPU for blank lines"  # 25 s before on the loaded test machine


def test_lines_are_counted_across_blank_lines_and_quoted_breaks():
    text = ("area,title,observed_at\n\n,,\n文峰区,\"两行\n标题\",2021-07-24\n  ,\t,\n"
            "文峰区,三,2021-07-25\n,,\n\n;;\n")
    table = read_table("log.csv", text.encode(), HEADERS)
    assert [line for line, _cells in table.rows] == [4, 7, 10]  # ;; is no blank in a comma-separated file
    assert table.rows[0][1][1] == "两行\n标题"
