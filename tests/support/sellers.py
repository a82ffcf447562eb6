"""A seller whose invoices are valid e-invoices: a full address and a VAT ID, as the app's issue gate asks."""

from services.invoices.model import Party

TEST_SELLER = Party(name="Records Ltd", street="1 Ledger Lane", postcode="10115", city="Berlin", country="DE",
                    vat_id="DE136695976", email="billing@records.example")
