"""Two confirms of one preview at once (a double tap on 导入, the page open in two tabs) store the file once, and
neither is an error page.

Found (import audit, round 2) on PostgreSQL: the second confirm's rows met the first's at their idempotency keys, the
first committed, and the second was a 500 (出错了) although the file had been stored. SQLite's write lock had made the
second wait and find the rows there. Now a confirm whose keys another import committed first reads the file again:
its rows are already there, said so, and nothing is stored twice.
"""

from __future__ import annotations

import threading

from tests.conftest import Auth, csrf_from
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows


def test_two_confirms_at_once_store_the_file_once_and_neither_fails(app, event, make_user, database):
    make_user("co", "coordinator")
    first, second = app.test_client(), app.test_client()  # one account, two tabs' requests at once
    Auth(first).login("co")
    Auth(second).login("co")
    before = count_reports(database)
    token, preview = upload(first, f"/events/{event.id}/import", csv_bytes(activity_rows(3000)))
    assert preview.status_code == 200
    forms = {first: csrf_from(preview.get_data(as_text=True)), second: csrf_from(second.get("/account").get_data(
        as_text=True))}
    answers: list[int] = []

    def confirm(client) -> None:  # noqa: ANN001
        answers.append(client.post(f"/imports/{token}/confirm",
                                   data={"csrf_token": forms[client], "token": token}).status_code)

    threads = [threading.Thread(target=confirm, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(code in (302, 409) for code in answers), answers
    assert count_reports(database) == before + 3000
