"""Ready-made event definitions: template sets per business domain, enabled in one action.

A template set (e-commerce, delivery, banking, insurance) is enabled with one action and
becomes ordinary definitions of kind ``template``. Property specs read ``name:type``, with
a trailing ``?`` for an optional property. The product events (session started and ended)
are not templates: schema version 3 wrote them into every store (``migrations.v3_events``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PropertySpec:
    """A property of a template event: name, type key, required or not."""

    name: str
    type: str
    required: bool = True


@dataclass(frozen=True)
class EventSpec:
    """A template event: its name, description and properties."""

    name: str
    description: str
    properties: tuple[PropertySpec, ...]


@dataclass(frozen=True)
class TemplateSet:
    """A set of template events for one domain, enabled together."""

    key: str
    title: str
    description: str
    events: tuple[EventSpec, ...]


def _event(name: str, description: str, *props: str) -> EventSpec:
    specs = []
    for prop in props:
        prop_name, _sep, type_ = prop.partition(":")
        optional = type_.endswith("?")
        specs.append(PropertySpec(prop_name, type_.rstrip("?"), not optional))
    return EventSpec(name, description, tuple(specs))


TEMPLATE_SETS: dict[str, TemplateSet] = {
    s.key: s
    for s in (
        TemplateSet(
            "ecommerce",
            "E-commerce",
            "A web or app shop: browsing, cart, checkout and orders.",
            (
                _event(
                    "ProductViewed",
                    "A product page was viewed.",
                    "productId:text", "productName:text", "category:text?", "price:decimal?",
                    "currency:text?",
                ),
                _event(
                    "AddedToCart",
                    "A product was put in the cart.",
                    "productId:text", "productName:text", "productPrice:decimal", "quantity:whole",
                    "currency:text?",
                ),
                _event(
                    "RemovedFromCart",
                    "A product was taken out of the cart.",
                    "productId:text", "quantity:whole?",
                ),
                _event(
                    "CheckoutStarted",
                    "The checkout was opened.",
                    "cartId:text", "cartValue:decimal", "currency:text", "itemCount:whole",
                ),
                _event(
                    "OrderCompleted",
                    "An order was placed and paid.",
                    "orderId:text", "orderTotal:decimal", "currency:text", "itemCount:whole",
                    "paymentMethod:text?", "couponCode:text?", "items:list?",
                ),
                _event(
                    "CartAbandoned",
                    "A cart was left without an order.",
                    "cartId:text", "cartValue:decimal", "currency:text?", "itemCount:whole?",
                ),
            ),
        ),
        TemplateSet(
            "delivery",
            "Delivery",
            "Shipping and delivery of orders, and returns.",
            (
                _event(
                    "OrderShipped",
                    "An order left the warehouse.",
                    "orderId:text", "carrier:text", "trackingNumber:text", "estimatedDelivery:date?",
                ),
                _event(
                    "OutForDelivery",
                    "The courier is on the way.",
                    "orderId:text", "trackingNumber:text",
                ),
                _event(
                    "OrderDelivered",
                    "The order was handed over.",
                    "orderId:text", "deliveredAt:datetime", "signedBy:text?",
                ),
                _event(
                    "DeliveryFailed",
                    "A delivery attempt failed.",
                    "orderId:text", "reason:text", "nextAttempt:date?",
                ),
                _event(
                    "ReturnRequested",
                    "The customer asked to send items back.",
                    "orderId:text", "reason:text?", "itemCount:whole?",
                ),
            ),
        ),
        TemplateSet(
            "banking",
            "Banking",
            "Accounts, cards, transactions and loans.",
            (
                _event(
                    "AccountOpened",
                    "A new account was opened.",
                    "accountId:text", "accountType:text", "currency:text",
                ),
                _event(
                    "TransactionCompleted",
                    "Money moved in or out of an account.",
                    "transactionId:text", "accountId:text", "amount:decimal", "currency:text",
                    "direction:text", "merchant:text?", "category:text?",
                ),
                _event(
                    "CardActivated",
                    "A payment card was activated.",
                    "cardId:text", "cardType:text",
                ),
                _event(
                    "LoanApplicationSubmitted",
                    "A loan application was sent.",
                    "applicationId:text", "loanType:text", "amount:decimal", "currency:text",
                    "termMonths:whole",
                ),
                _event(
                    "LowBalance",
                    "An account fell under its alert threshold.",
                    "accountId:text", "balance:decimal", "currency:text",
                ),
            ),
        ),
        TemplateSet(
            "insurance",
            "Insurance",
            "Quotes, policies, renewals and claims.",
            (
                _event(
                    "QuoteRequested",
                    "A price quote was asked for.",
                    "quoteId:text", "productType:text", "premium:decimal?", "currency:text?",
                ),
                _event(
                    "PolicyPurchased",
                    "A policy was bought.",
                    "policyId:text", "productType:text", "premium:decimal", "currency:text",
                    "startDate:date", "endDate:date?",
                ),
                _event(
                    "PolicyRenewed",
                    "A policy was renewed for another term.",
                    "policyId:text", "premium:decimal", "currency:text", "renewalDate:date",
                ),
                _event(
                    "ClaimSubmitted",
                    "A claim was filed.",
                    "claimId:text", "policyId:text", "claimType:text", "amount:decimal?",
                    "incidentDate:date",
                ),
                _event(
                    "ClaimSettled",
                    "A claim was decided.",
                    "claimId:text", "approved:boolean", "amount:decimal?",
                ),
            ),
        ),
    )
}  # fmt: skip


def template_key(name: str) -> str:
    """The key of a template set from what a user types (``E-commerce`` → ``ecommerce``)."""
    return "".join(c for c in name.casefold() if c.isalnum())
