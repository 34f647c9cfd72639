"""The per-address login limit counts an IPv6 client by its /64 network, not by each address in it.

Found (sessions audit, 4 December): every IPv6 address counted apart, and a single home or phone line
holds a /64 — 18 billion billion addresses to choose from. Spraying guesses over many accounts, one new
address a try, never met the per-address limit. Now an IPv6 address counts as its /64 (an IPv4 address,
mapped into IPv6 too, as itself), so the 21st failure a minute from one network is refused.
"""

from __future__ import annotations

import pytest

from incidents.auth import services
from tests.auth.test_login import WRONG, post_login
from tests.conftest import PASSWORD


def test_failures_from_one_ipv6_network_count_together(app, client, make_user):
    make_user("alice", "reporter")
    for i in range(20):
        assert post_login(client, f"guess{i}", WRONG, address=f"2001:db8:5:7::{i + 1:x}").status_code == 401
    assert post_login(client, "alice", PASSWORD, address="2001:db8:5:7:abcd::9").status_code == 429
    # Another network, and an IPv4 client, are not held by it.
    assert post_login(client, "alice", PASSWORD, address="2001:db8:5:8::1").status_code == 302


@pytest.mark.parametrize(("address", "key"), [
    ("2001:db8:5:7:abcd:1:2:3", "2001:db8:5:7::/64"),
    ("2001:DB8:5:7::9", "2001:db8:5:7::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("192.0.2.7", "192.0.2.7"),
    ("unknown", "unknown"),
])
def test_the_address_a_try_counts_against(address: str, key: str):
    assert services.throttled_address(address) == key
