"""A brief's `json` format is described in the OpenAPI document by schemas generated from briefs/content.py.

Before, GET /api/v1/briefs/{id}/{fmt} answered `application/json: {}`: a client generated from the document
knew nothing of the brief's facts (power, pumping, quantities...).
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import jsonschema_rs
import pytest
import sqlalchemy as sa

from incidents.api import brief_fields
from incidents.api.dataclass_schemas import dataclass_schema
from incidents.briefs.content import BriefContent
from incidents.briefs.quantities import Qty
from incidents.events.models import Event
from tests.api.conftest import TokenClient, compiled_brief
from tests.conftest import switch_language

FORMAT_PATH = "/api/v1/briefs/{brief_id}/{fmt}"


def _dataclasses(root: type) -> dict[str, type]:
    """Every dataclass a brief's content holds, by name."""
    found: dict[str, type] = {}
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls.__name__ in found:
            continue
        found[cls.__name__] = cls
        for hint in typing.get_type_hints(cls).values():
            for arg in (hint, *typing.get_args(hint), *(a for b in typing.get_args(hint) for a in typing.get_args(b))):
                if isinstance(arg, type) and dataclasses.is_dataclass(arg):
                    todo.append(arg)
    return found


def _refused(spec: dict[str, Any], body: Any) -> list[str]:
    """What the document's schema of the json format refuses in an answered body."""
    media = spec["paths"][FORMAT_PATH]["get"]["responses"]["200"]["content"]["application/json"]
    validator = jsonschema_rs.Draft202012Validator({**media["schema"], "components": spec["components"]})
    return [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(body)]


def test_the_json_format_refers_to_a_component_per_content_class(viewer_api: TokenClient):
    spec = viewer_api.get("/api/v1/openapi.json").json
    answers = spec["paths"][FORMAT_PATH]["get"]["responses"]["200"]["content"]
    assert answers["application/json"]["schema"] == {"$ref": "#/components/schemas/BriefJson"}
    assert answers["application/pdf"] == {}  # the other formats are not JSON
    schemas = spec["components"]["schemas"]
    assert schemas["BriefJson"]["properties"]["content"]["$ref"] == "#/components/schemas/BriefContent"
    for name, cls in _dataclasses(BriefContent).items():
        assert set(schemas[name]["properties"]) == {f.name for f in dataclasses.fields(cls)}, name
    assert schemas["Qty"]["required"] == ["approx", "cum", "lb", "value"]  # ub only when true
    assert schemas["Qty"]["properties"]["value"]["type"] == ["integer", "null"]


def test_every_brief_component_and_property_says_what_it_is(viewer_api: TokenClient):
    """An outsider reading only the document learns each figure's unit and meaning: Figure, Qty, Power... said none."""
    zh = viewer_api.get("/api/v1/openapi.json").json["components"]["schemas"]
    en = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json["components"]["schemas"]
    missing = [name for name in _dataclasses(BriefContent) if not en[name].get("description")]
    missing += [f"{name}.{prop}" for name in _dataclasses(BriefContent) for prop, schema in
                en[name]["properties"].items() if not schema.get("description")]
    assert missing == []
    # Translated, not the English shown to a Chinese reader.
    untranslated = [f"{name}.{prop}" for name in _dataclasses(BriefContent) for prop, schema in
                    en[name]["properties"].items()
                    if zh[name]["properties"][prop]["description"] == schema["description"]]
    assert untranslated == []
    assert "m³" in en["Pumping"]["properties"]["volume_m3"]["description"]
    assert "kg" in en["Debris"]["properties"]["mass_kg"]["description"]
    assert "null" in en["Figure"]["properties"]["previous"]["description"]
    assert "m²" in en["CategoryFigure"]["properties"]["code"]["description"]
    assert "立方米" in zh["Pumping"]["properties"]["volume_m3"]["description"]
    assert "平方米" in zh["CategoryFigure"]["properties"]["code"]["description"]
    # An outage back from a spell out again that left the unit unsaid is counted too (power._back_unknown): the
    # description once said only "gave no count", which such an outage did give before it went out again.
    for unit in ("households", "buildings"):
        said = en["Power"]["properties"][f"{unit}_back_unknown"]["description"]
        assert "out again" in said and f"{unit} left unsaid" in said, said
        assert "再次停电" in zh["Power"]["properties"][f"{unit}_back_unknown"]["description"]
    assert "not known" in en["SubdistrictRow"]["properties"]["households_back_unknown"]["description"]


def test_the_descriptions_name_only_fields_the_brief_has():
    """A field renamed or removed in briefs/content.py leaves no description of nothing behind."""
    classes = _dataclasses(BriefContent)
    assert set(brief_fields.COMPONENTS) == set(classes)
    assert {name: set(described) for name, described in brief_fields.FIELDS.items()} == {
        name: {f.name for f in dataclasses.fields(cls)} for name, cls in classes.items()}


@pytest.fixture
def rainstorm(seeded, session) -> int:  # noqa: ANN001
    """The seed event's id."""
    return session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


def test_compiled_briefs_fit_the_documented_schema(rainstorm, database, coordinator_api: TokenClient):
    spec = coordinator_api.get("/api/v1/openapi.json").json
    compile_url = f"/api/v1/events/{rainstorm}/briefs/compile"
    filled: set[str] = set()
    # Day after day: a later brief carries the previous figures and the reports that came late for the day before.
    for day in ("2021-07-22", "2021-07-23", "2021-07-24"):
        brief = compiled_brief(coordinator_api, database, compile_url, {"day": day})
        body = coordinator_api.get(brief["formats"]["json"]).json
        assert _refused(spec, body) == [], day
        content = body["content"]
        filled |= {f"{part}.{name}" for part in ("power", "pumping", "quality") for name, value in
                   content[part].items() if value and isinstance(value, list)}
        filled |= {name for name, value in content.items() if value and isinstance(value, list)}
    # Not empty briefs: the lists the schema describes held rows.
    assert {"power.open", "power.restored", "pumping.operations", "subdistricts", "activity", "changes",
            "quality.late", "trend", "map"} <= filled
    # The schema is strict: a member it does not describe, or one missing, is refused.
    assert _refused(spec, {**body, "content": {**content, "power": {**content["power"], "new_thing": 1}}})
    header = {k: v for k, v in content["header"].items() if k != "event_code"}
    assert _refused(spec, {**body, "content": {**content, "header": header}})


def test_a_hint_without_a_schema_is_an_error_not_a_guess():
    @dataclasses.dataclass
    class Odd:
        qty: Qty
        spread: dict[str, int]

    with pytest.raises(TypeError, match="no schema for this type"):
        dataclass_schema(Odd)


def test_the_docs_page_says_what_content_is(client, auth, make_user):
    make_user("reader", "viewer")
    auth.login("reader")
    assert "日报的事实内容（BriefContent）" in client.get("/api/docs").get_data(as_text=True)
    switch_language(client, "en")
    page = client.get("/api/docs").get_data(as_text=True)
    assert "the brief&#39;s facts (BriefContent); every quantity is a Qty" in page


def test_the_docs_page_says_the_brief_fields_are_the_json_answers(client, auth, make_user):
    """The format read answers json, md, txt, csv, docx and pdf: its fields were listed as if every type had them."""
    make_user("reader", "viewer")
    auth.login("reader")
    page = client.get("/api/docs").get_data(as_text=True)
    article = page[page.index("/api/v1/briefs/{brief_id}/{fmt}"):]
    article = article[:article.index("</article>")]
    assert "application/pdf" in article and "BriefContent" in article
    assert "application/json 答复的字段" in article
    single = page[page.index("/api/v1/briefs/{brief_id}</code>"):]
    assert "答复的字段" not in single[:single.index("</article>")]


def test_the_metadata_read_does_not_claim_the_facts(viewer_api: TokenClient):
    # It said "Read a brief's facts" while answering the day, revision, status and links: the facts are the json format.
    paths = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json["paths"]
    read = paths["/api/v1/briefs/{brief_id}"]["get"]
    assert "facts" not in read["summary"] and "format" in read["summary"]
    assert read["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Brief"}


def test_the_json_format_states_instants_as_the_brief_read_does(rainstorm, database, coordinator_api: TokenClient):
    """published_at read …505001Z from /api/v1/briefs/{id} but …505001+00:00 from its json format: one spelling."""
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{rainstorm}/briefs/compile",
                           {"day": "2021-07-23"})
    signed = coordinator_api.post(f"/api/v1/briefs/{brief['id']}/publish").json
    body = coordinator_api.get(brief["formats"]["json"]).json
    assert body["published_at"] == signed["published_at"] and body["published_at"].endswith("Z")
    header = body["content"]["header"]
    instants = [v for v in header.values() if isinstance(v, str) and len(v) > 10 and v[10:11] == "T"]
    assert instants and all(v.endswith("Z") for v in instants), header
