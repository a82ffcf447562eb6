"""The plain-words table names rules that exist: a typo (BR-8 for BR-08) would leave a user with the validator's
own text. The IDs are read from the stylesheets the checks run."""

from services.einvoice.explanations import EXPLANATIONS, explain
from services.einvoice.rules import CEN_XSLT, XRECHNUNG_SCH


def test_every_explained_rule_is_a_rule_of_the_cen_or_kosit_schematron() -> None:
    sources = CEN_XSLT.read_text(encoding="utf-8") + XRECHNUNG_SCH.read_text(encoding="utf-8")
    unknown = [rule for rule in EXPLANATIONS if rule != "XSD" and f">{rule}<" not in sources
               and f'id="{rule}"' not in sources]
    assert unknown == []


def test_a_rule_without_an_explanation_shows_the_validators_text_without_its_id() -> None:
    text = "\n\t[BR-CO-03]-Value added tax point date (BT-7) and Value added tax point date code (BT-8) are exclusive."
    assert explain("BR-CO-03", text) == \
        "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are exclusive."
