"""An import template of a kind there is not (/imports/templates/outages.csv) is the 404 naming the kind and the kinds
there are, as an unknown format is: it was a bare 404 (页面不存在)."""

from __future__ import annotations

KINDS = "outage, outage_update, pumping, pumping_volume, disinfection, debris, activity, zero_report, areas"


def test_an_unknown_kind_is_the_404_naming_the_kinds(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    refused = client.get("/imports/templates/outages.csv")
    assert refused.status_code == 404
    assert f"类型：不是导入模板的类型：可用的类型有 {KINDS}" in refused.get_data(as_text=True)
    english = client.get("/imports/templates/outages.xlsx?lang=en")
    assert english.status_code == 404
    assert f"Kind: is not a kind of import template: there are {KINDS}" in english.get_data(as_text=True)
    assert client.get("/imports/templates/outage.csv").status_code == 200
