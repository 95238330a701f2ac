"""SPEC 5.1: custom event definitions, template sets, product events, property checks."""

from __future__ import annotations

import pytest

from store.errors import DuplicateValue, IncompatibleType, InvalidValue, NotFound
from store.events import definitions, templates


def test_define_a_custom_event_with_typed_properties(store_db):
    info = definitions.define_event(
        "AddedToCart",
        description="A product went into the cart",
        properties=[
            "productId:text",
            "productName:Text",
            "productPrice:decimal",
            "addedCart:boolean",
            "note:text?",
        ],
    )
    data = info.to_dict()
    assert (data["name"], data["kind"], data["enabled"]) == ("AddedToCart", "custom", True)
    assert [(p["name"], p["type"], p["required"]) for p in data["properties"]] == [
        ("productId", "text", True),
        ("productName", "text", True),
        ("productPrice", "decimal", True),
        ("addedCart", "boolean", True),
        ("note", "text", False),
    ]
    assert data["properties"][2]["type_label"] == "Decimal number"
    assert definitions.get_definition("added to cart").id == info.id
    assert definitions.get_definition("ADDED_TO_CART").id == info.id


@pytest.mark.parametrize(
    ("props", "words"),
    [
        (["ProductId:text"], "lower-case"),
        (["1st:text"], "lower-case"),
        (["product id:text"], "lower-case"),
        (["productId:money"], "money"),
        (["productId"], "NAME:TYPE"),
        (["a:text", "a:whole"], "twice"),
    ],
)
def test_bad_properties_are_refused(store_db, props, words):
    with pytest.raises(InvalidValue) as caught:
        definitions.define_event("Thing", properties=props)
    assert words in caught.value.message
    assert definitions.list_definitions(kind="custom") == []


@pytest.mark.parametrize("name", ["", "  ", "1Up", "Bad<Name>", "x" * 65])
def test_bad_event_names_are_refused(store_db, name):
    with pytest.raises(InvalidValue):
        definitions.define_event(name)


def test_names_are_unique_ignoring_case_and_spacing(store_db):
    definitions.define_event("Added To Cart")
    with pytest.raises(DuplicateValue) as caught:
        definitions.define_event("addedtocart")
    assert "Added To Cart" in caught.value.message


def test_product_events_exist_in_every_store(store_db):
    product = {d.name: d for d in definitions.list_definitions(kind="product")}
    assert set(product) == {"SessionStarted", "SessionEnded"}
    assert [p.name for p in product["SessionStarted"].properties] == ["channel", "sessionId"]
    assert definitions.get_definition("session started").kind == "product"
    with pytest.raises(InvalidValue):
        definitions.set_enabled("SessionEnded", False)


@pytest.mark.parametrize("name", sorted(templates.TEMPLATE_SETS))
def test_each_template_set_is_enabled_in_one_action(store_db, name):
    template = templates.TEMPLATE_SETS[name]
    assert len(template.events) >= 4
    enabled = definitions.enable_template(template.title)
    assert [d.name for d in enabled] == [e.name for e in template.events]
    assert all(d.kind == "template" and d.template == name and d.enabled for d in enabled)
    assert all(d.properties for d in enabled)
    again = definitions.enable_template(name)  # idempotent
    assert [d.id for d in again] == [d.id for d in enabled]
    listed = {t["name"]: t["enabled"] for t in definitions.list_templates()}
    assert listed[name] is True and sum(listed.values()) == 1


def test_template_sets_hold_the_events_the_spec_names(store_db):
    names = {key: {e.name for e in s.events} for key, s in templates.TEMPLATE_SETS.items()}
    assert {"ProductViewed", "AddedToCart", "OrderCompleted"} <= names["ecommerce"]
    assert {"OrderShipped", "OrderDelivered"} <= names["delivery"]
    assert {"TransactionCompleted", "AccountOpened"} <= names["banking"]
    assert {"PolicyPurchased", "ClaimSubmitted"} <= names["insurance"]


def test_enabling_a_template_refuses_a_clash_with_a_custom_event(store_db):
    definitions.define_event("OrderShipped")
    with pytest.raises(DuplicateValue) as caught:
        definitions.enable_template("delivery")
    assert "OrderShipped" in caught.value.message
    assert definitions.list_definitions(kind="template") == []
    with pytest.raises(NotFound) as missing:
        definitions.enable_template("gaming")
    assert "ecommerce" in missing.value.message


def test_disable_and_enable(store_db):
    definitions.enable_template("banking")
    assert definitions.set_enabled("LowBalance", False).enabled is False
    assert {t["name"]: t["enabled"] for t in definitions.list_templates()}["banking"] is True
    assert definitions.enable_template("banking")[-1].enabled is True


@pytest.fixture
def cart(store_db):
    return definitions.define_event(
        "AddedToCart",
        properties=["productId:text", "productPrice:decimal", "quantity:whole", "gift:boolean?"],
    )


def test_check_properties_gives_json_values(cart):
    values = {"productId": "p1", "productPrice": "10.50", "quantity": "2", "gift": "yes"}
    assert definitions.check_properties(cart, values) == {
        "productId": "p1",
        "productPrice": "10.50",
        "quantity": 2,
        "gift": True,
    }
    assert "gift" not in definitions.check_properties(cart, {**values, "gift": None})


@pytest.mark.parametrize(
    ("values", "error", "words"),
    [
        ({"productId": "p1", "productPrice": "abc", "quantity": 1}, InvalidValue, ["productPrice", "Decimal number", "abc"]),
        ({"productId": "p1", "productPrice": "1", "quantity": "two"}, InvalidValue, ["quantity", "Whole number", "two"]),
        ({"productId": "p1", "productPrice": "1", "quantity": [1]}, IncompatibleType, ["quantity", "Whole number", "[1]"]),
        ({"productId": "p1", "quantity": 1}, InvalidValue, ["productPrice", "Decimal number", "missing"]),
        ({"productId": " ", "productPrice": "1", "quantity": 1}, InvalidValue, ["productId", "Text", "missing"]),
        ({"productId": "p", "productPrice": "1", "quantity": 1, "colour": "red"}, InvalidValue, ["colour", "red"]),
    ],
)  # fmt: skip
def test_wrong_missing_or_unknown_properties_name_property_type_and_value(cart, values, error, words):
    with pytest.raises(error) as caught:
        definitions.check_properties(cart, values)
    for word in words:
        assert word in caught.value.message


def test_edit_a_custom_event_adds_and_reorders_properties(store_db):
    definitions.define_event("Viewed", description="A page", properties=["page:text"])
    info = definitions.edit_event(
        "viewed", description="  A page   was seen ", properties=["referrer:text?", "page:text?"]
    )
    assert info.description == "A page was seen"
    assert [(p.name, p.type, p.required) for p in info.properties] == [
        ("referrer", "text", False),
        ("page", "text", False),
    ]
    assert definitions.get_definition("Viewed").properties == info.properties


@pytest.mark.parametrize(
    ("props", "field", "words"),
    [
        (["other:text"], "page", "cannot be removed"),
        (["page:whole"], "page", "cannot become Whole number"),
        (["page:text", "page:text"], "page", "twice"),
    ],
)
def test_edit_refuses_removing_or_retyping_a_property(store_db, props, field, words):
    definitions.define_event("Viewed", properties=["page:text"])
    with pytest.raises(InvalidValue) as caught:
        definitions.edit_event("Viewed", properties=props)
    assert caught.value.field == field and words in caught.value.message
    assert [p.name for p in definitions.get_definition("Viewed").properties] == ["page"]


def test_edit_refuses_template_and_product_events(store_db):
    definitions.enable_template("ecommerce")
    with pytest.raises(InvalidValue) as caught:
        definitions.edit_event("ProductViewed", description="mine")
    assert "template event" in caught.value.message
    with pytest.raises(InvalidValue):
        definitions.edit_event("SessionStarted", description="mine")
