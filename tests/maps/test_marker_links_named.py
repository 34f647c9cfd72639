"""The map's markers are links a keyboard reaches: a screen reader must hear them, each named by its site."""

import lxml.html

from tests.conftest import event_id_of, switch_language

SVG = "{http://www.w3.org/2000/svg}"


def marker_links(html: str):  # noqa: ANN201
    """The site map's svg element and its links."""
    doc = lxml.html.fromstring(html)
    svg = doc.xpath("//*[local-name()='svg' and contains(@class, 'site-map')]")[0]
    return svg, svg.xpath(".//*[local-name()='a']")


def test_each_marker_link_is_named_and_not_hidden_in_a_picture(client, auth, seeded, make_user, database):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = event_id_of(database, "wenfeng-2021-07-rainstorm")
    for lang in ["zh", "en"]:
        switch_language(client, lang)
        svg, links = marker_links(client.get(f"/events/{event}/map").get_data(as_text=True))
        assert links, "the demo's sites are drawn as links"
        # role=img makes every child presentational: Tab still stops on each marker, and a screen reader says nothing.
        assert svg.get("role") != "img"
        assert svg.get("aria-label")
        names = [a.get("aria-label") for a in links]
        assert all(names), names
        assert names[0].startswith("1. ") and len(set(names)) == len(names)
