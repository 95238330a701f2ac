"""SPEC 5.3 branch by branch: tracking, identify (unverified and verified), app installs, login, logout.

Every branch asserts the resulting profiles, their types and contacts, and that each
event recorded before identification is on the identified profile's timeline.
"""

from __future__ import annotations

import pytest

from store import history
from store.errors import DuplicateContact, InvalidValue, NotFound, ProfileNotFound
from store.events import definitions, identity, recording
from store.models import PushRegistration
from store.persons import listing, profiles


@pytest.fixture
def shop(store_db):
    definitions.enable_template("ecommerce")
    return store_db


def view(pid: int) -> dict:
    return profiles.get_person(pid).to_dict()


def timeline_ids(pid: int) -> list[int]:
    return [e.id for e in recording.timeline(pid, limit=1000).events]


def browse(anonymous_id: str, n: int = 2) -> tuple[int, list[int]]:
    """``n`` anonymous events; returns the visitor's profile and the event ids."""
    ids, pid = [], None
    for i in range(n):
        result = identity.track(
            anonymous_id, "ProductViewed", {"productId": f"p{i}", "productName": f"Item {i}"}
        )
        ids.append(result.event.id)
        pid = result.person_id
    return pid, ids


def assert_gone_into(old: int, new: int) -> None:
    with pytest.raises(ProfileNotFound) as caught:
        profiles.get_person(old)
    assert f"Person {old} was merged into person {new}" in caught.value.message


def test_first_event_of_unknown_anonymous_id_creates_an_anonymous_profile(shop):
    first = identity.track("dev-1", "ProductViewed", {"productId": "p1", "productName": "Shoe"})
    second = identity.track("dev-1", "ProductViewed", {"productId": "p2", "productName": "Hat"})
    assert first.created and not second.created
    assert first.person_id == second.person_id
    person = view(first.person_id)
    assert (person["type"], person["emails"], person["phones"]) == ("anonymous", [], [])
    assert timeline_ids(first.person_id) == [second.event.id, first.event.id]
    assert listing.count_persons() == 1
    assert listing.count_persons(listing.PersonCriteria()) == 0  # hidden from the default list


def test_a_refused_tracked_event_creates_no_profile(shop):
    with pytest.raises(InvalidValue) as caught:
        identity.track(
            "dev-1", "AddedToCart", {"productId": "p1", "productName": "Shoe", "productPrice": "x"}
        )
    assert "productPrice" in caught.value.message and "Decimal number" in caught.value.message
    with pytest.raises(NotFound):
        identity.track("dev-1", "NoSuchEvent")
    assert listing.count_persons() == 0


# --------------------------------------------------------------------------- unverified identify


def test_unverified_nothing_matches_the_anonymous_profile_becomes_a_lead(shop):
    visitor, earlier = browse("dev-1")
    result = identity.identify("dev-1", emails=["Ana@Example.com"], data={"first_name": "Ana"})
    assert result.outcome == "lead_created" and result.merge_id is None
    assert result.person.id == visitor
    person = view(visitor)
    assert (person["type"], person["emails"], person["first_name"]) == ("lead", ["ana@example.com"], "Ana")
    assert timeline_ids(visitor) == earlier[::-1]
    assert listing.count_persons() == 1


def test_unverified_existing_lead_the_visitor_is_merged_into_it(shop):
    lead = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"], "type": "lead"})
    before = recording.record_event(lead.id, "ProductViewed", {"productId": "x", "productName": "Old"})
    visitor, earlier = browse("dev-1")
    result = identity.identify("dev-1", emails=["ana@example.com"], phones=["+385911234567"])
    assert result.outcome == "merged_into_lead" and result.merge_id is not None
    assert result.person.id == lead.id
    person = view(lead.id)
    assert person["type"] == "lead"
    assert (person["emails"], person["phones"]) == (["ana@example.com"], ["+385911234567"])
    assert set(timeline_ids(lead.id)) == {*earlier, before.id}
    assert_gone_into(visitor, lead.id)
    # The anonymous id keeps resolving to the identified profile.
    after = identity.track("dev-1", "ProductViewed", {"productId": "p9", "productName": "Later"})
    assert after.person_id == lead.id and not after.created
    assert listing.count_persons() == 1


def test_unverified_customer_gets_the_events_and_only_empty_fields(shop):
    customer = profiles.create_person(
        {"first_name": "Ana", "last_name": "Horvat", "emails": ["ana@example.com"], "external_id": "C-1"}
    )
    visitor, earlier = browse("dev-1", 3)
    result = identity.identify(
        "dev-1",
        emails=["ana@example.com"],
        data={"first_name": "Hacker", "city": "Split"},
    )
    assert result.outcome == "moved_to_customer"
    person = view(customer.id)
    assert person["type"] == "customer"
    assert (person["first_name"], person["last_name"], person["city"]) == ("Ana", "Horvat", "Split")
    assert person["external_id"] == "C-1" and person["emails"] == ["ana@example.com"]
    assert timeline_ids(customer.id) == earlier[::-1]
    assert_gone_into(visitor, customer.id)
    sources = {e.source for e in history.person_history(customer.id)}
    assert "identify" in sources and any(s.startswith("merge #") for s in sources)


def test_unverified_identify_never_changes_a_customer_type_or_values_via_external_id(shop):
    customer = profiles.create_person({"first_name": "Ana", "external_id": "C-1"})
    browse("dev-1", 1)
    result = identity.identify("dev-1", external_id="C-1", data={"first_name": "Eve"})
    assert result.outcome == "moved_to_customer"
    assert (result.person.type, result.person.first_name) == ("customer", "Ana")
    assert result.person.id == customer.id


# --------------------------------------------------------------------------- verified identify


def test_verified_customer_matches_the_visitor_is_merged_into_it(shop):
    customer = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    visitor, earlier = browse("dev-1")
    result = identity.identify("dev-1", emails=["ana@example.com"], data={"city": "Zagreb"}, verified=True)
    assert result.outcome == "merged_into_customer"
    person = view(customer.id)
    assert (person["type"], person["emails"], person["city"]) == ("customer", ["ana@example.com"], "Zagreb")
    assert timeline_ids(customer.id) == earlier[::-1]
    assert_gone_into(visitor, customer.id)


def test_verified_only_a_lead_matches_it_is_promoted(shop):
    lead = profiles.create_person({"phones": ["+385911234567"], "type": "lead"})
    visitor, earlier = browse("dev-1")
    result = identity.identify(
        "dev-1", phones=["091 123 4567"], emails=["ana@example.com"], verified=True, country="HR"
    )
    assert result.outcome == "lead_promoted"
    person = view(lead.id)
    assert person["type"] == "customer"
    assert (person["phones"], person["emails"]) == (["+385911234567"], ["ana@example.com"])
    assert timeline_ids(lead.id) == earlier[::-1]
    assert_gone_into(visitor, lead.id)
    assert ("identify", "type", "lead", "customer") in {
        (e.source, e.field, e.old_value, e.new_value) for e in history.person_history(lead.id)
    }


def test_verified_nothing_matches_a_customer_is_created_from_the_contacts(shop):
    visitor, earlier = browse("dev-1")
    result = identity.identify("dev-1", emails=["new@example.com"], external_id="U-7", verified=True)
    assert result.outcome == "customer_created"
    person = view(result.person.id)
    assert (person["type"], person["emails"], person["external_id"]) == (
        "customer",
        ["new@example.com"],
        "U-7",
    )
    assert timeline_ids(result.person.id) == earlier[::-1]
    assert result.person.id == visitor


def test_identify_of_an_id_never_tracked_still_ties_it(shop):
    result = identity.identify("fresh", emails=["f@example.com"])
    assert (result.outcome, result.person.type, result.person.emails) == (
        "lead_created",
        "lead",
        ["f@example.com"],
    )
    tracked = identity.track("fresh", "ProductViewed", {"productId": "p", "productName": "n"})
    assert tracked.person_id == result.person.id and not tracked.created


@pytest.mark.parametrize("verified", [False, True])
def test_push_registrations_move_with_the_visitor(shop, verified):
    customer = profiles.create_person({"emails": ["ana@example.com"]})
    visitor, earlier = browse("dev-1")
    # A web-push subscription of the anonymous browser (only tracking or identify sets these).
    PushRegistration.insert(registration_id="web-1", person=visitor, platform="android").execute()
    result = identity.identify("dev-1", emails=["ana@example.com"], verified=verified)
    assert result.person.id == customer.id
    assert result.person.push_registrations == [("web-1", "android")]
    assert timeline_ids(customer.id) == earlier[::-1]
    assert_gone_into(visitor, customer.id)


def test_contacts_of_two_profiles_are_refused_naming_both_and_nothing_moves(shop):
    ana = profiles.create_person({"emails": ["ana@example.com"], "type": "lead"})
    ivo = profiles.create_person({"phones": ["+385911234567"]})
    visitor, earlier = browse("dev-1")
    for verified in (False, True):
        with pytest.raises(DuplicateContact) as caught:
            identity.identify(
                "dev-1", emails=["ana@example.com"], phones=["+385911234567"], verified=verified
            )
        message = caught.value.message
        assert f"person {ana.id}" in message and f"person {ivo.id}" in message
        assert "nothing was merged" in message
    assert view(visitor)["type"] == "anonymous"
    assert timeline_ids(visitor) == earlier[::-1]
    assert (view(ana.id)["type"], view(ivo.id)["phones"]) == ("lead", ["+385911234567"])
    assert listing.count_persons() == 3


def test_an_already_identified_visitor_is_never_merged_into_someone_else(shop):
    visitor, earlier = browse("dev-1")
    identity.identify("dev-1", emails=["first@example.com"])
    other = profiles.create_person({"emails": ["second@example.com"], "type": "lead"})
    result = identity.identify("dev-1", emails=["second@example.com"])
    assert (result.outcome, result.person.id) == ("switched", other.id)
    assert timeline_ids(visitor) == earlier[::-1]  # the earlier events stay with the first profile
    assert view(visitor)["emails"] == ["first@example.com"]
    assert identity.person_for_anonymous_id("dev-1") == other.id
    again = identity.identify("dev-1", emails=["second@example.com"], data={"city": "Pula"})
    assert (again.outcome, again.person.city) == ("updated", "Pula")


def test_identify_needs_an_identifier(shop):
    with pytest.raises(InvalidValue):
        identity.identify("dev-1")
    with pytest.raises(InvalidValue):
        identity.identify(" ", emails=["a@example.com"])
    with pytest.raises(InvalidValue):
        identity.identify("dev-1", emails=["a@example.com"], data={"type": "customer"})


# --------------------------------------------------------------------------- mobile installations


def test_install_creates_an_empty_lead_holding_only_the_push_registration(shop):
    result = identity.install("tok-1", "iOS")
    person = result.person.to_dict()
    assert result.outcome == "installed"
    assert person["type"] == "lead"
    assert person["push_registrations"] == [{"id": "tok-1", "platform": "ios"}]
    assert (person["emails"], person["phones"], person["first_name"]) == ([], [], None)
    again = identity.install("tok-1", "ios")
    assert (again.outcome, again.person.id) == ("existing", result.person.id)
    with pytest.raises(InvalidValue) as caught:
        identity.install("tok-2", "windows")
    assert "windows" in caught.value.message


def _app_events(pid: int) -> list[int]:
    return [
        recording.record_event(pid, "ProductViewed", {"productId": f"a{i}", "productName": "x"}).id
        for i in range(2)
    ]


def test_login_nothing_matches_the_installation_lead_becomes_the_customer(shop):
    lead = identity.install("tok-1", "android").person.id
    earlier = _app_events(lead)
    result = identity.login("tok-1", emails=["ana@example.com"], data={"first_name": "Ana"})
    assert (result.outcome, result.person.id) == ("installation_promoted", lead)
    person = view(lead)
    assert (person["type"], person["emails"], person["first_name"]) == (
        "customer",
        ["ana@example.com"],
        "Ana",
    )
    assert person["push_registrations"] == [{"id": "tok-1", "platform": "android"}]
    assert timeline_ids(lead) == earlier[::-1]


def test_login_another_lead_matches_it_becomes_the_customer_and_takes_the_installation(shop):
    other = profiles.create_person({"emails": ["ana@example.com"], "first_name": "Ana", "type": "lead"})
    own = recording.record_event(other.id, "ProductViewed", {"productId": "o", "productName": "x"}).id
    installation = identity.install("tok-1", "android").person.id
    earlier = _app_events(installation)
    result = identity.login("tok-1", emails=["ana@example.com"], data={"last_name": "Horvat"})
    assert (result.outcome, result.person.id) == ("lead_promoted", other.id)
    person = view(other.id)
    assert (person["type"], person["first_name"], person["last_name"]) == ("customer", "Ana", "Horvat")
    assert person["emails"] == ["ana@example.com"]
    assert person["push_registrations"] == [{"id": "tok-1", "platform": "android"}]
    assert set(timeline_ids(other.id)) == {*earlier, own}
    assert_gone_into(installation, other.id)


def test_login_a_customer_matches_the_push_registration_and_events_move_to_it(shop):
    customer = profiles.create_person({"phones": ["+385911234567"], "first_name": "Ana"})
    installation = identity.install("tok-1", "huawei").person.id
    earlier = _app_events(installation)
    result = identity.login("tok-1", phones=["+385 91 123 4567"])
    assert (result.outcome, result.person.id) == ("merged_into_customer", customer.id)
    person = view(customer.id)
    assert (person["type"], person["phones"], person["emails"]) == ("customer", ["+385911234567"], [])
    assert person["push_registrations"] == [{"id": "tok-1", "platform": "huawei"}]
    assert timeline_ids(customer.id) == earlier[::-1]
    assert_gone_into(installation, customer.id)


def test_logout_detaches_the_customer_and_a_new_empty_lead_holds_the_registration(shop):
    customer = profiles.create_person({"emails": ["ana@example.com"]})
    identity.install("tok-1", "ios")
    identity.login("tok-1", emails=["ana@example.com"])
    result = identity.logout("tok-1")
    assert result.outcome == "logged_out"
    lead = result.person.to_dict()
    assert lead["id"] != customer.id
    assert (lead["type"], lead["emails"], lead["phones"]) == ("lead", [], [])
    assert lead["push_registrations"] == [{"id": "tok-1", "platform": "ios"}]
    after = view(customer.id)
    assert (after["type"], after["emails"], after["push_registrations"]) == (
        "customer",
        ["ana@example.com"],
        [],
    )
    assert identity.logout("tok-1").outcome == "not_logged_in"


def test_login_as_someone_else_switches_without_merging_customers(shop):
    ana = profiles.create_person({"emails": ["ana@example.com"]})
    ivo = profiles.create_person({"emails": ["ivo@example.com"]})
    identity.install("tok-1", "ios")
    identity.login("tok-1", emails=["ana@example.com"])
    result = identity.login("tok-1", emails=["ivo@example.com"])
    assert (result.outcome, result.person.id) == ("switched", ivo.id)
    assert view(ana.id)["push_registrations"] == []
    assert view(ivo.id)["push_registrations"] == [{"id": "tok-1", "platform": "ios"}]
    assert identity.login("tok-1", emails=["ivo@example.com"]).outcome == "updated"


def test_login_refuses_two_profiles_and_an_unknown_installation(shop):
    profiles.create_person({"emails": ["ana@example.com"]})
    profiles.create_person({"emails": ["ivo@example.com"]})
    installation = identity.install("tok-1", "ios").person.id
    with pytest.raises(DuplicateContact):
        identity.login("tok-1", emails=["ana@example.com", "ivo@example.com"])
    assert view(installation)["push_registrations"] == [{"id": "tok-1", "platform": "ios"}]
    with pytest.raises(ProfileNotFound) as caught:
        identity.login("tok-9", emails=["ana@example.com"])
    assert "tok-9" in caught.value.message
