"""The e-invoice package's interface, agreed before it is built (the builders replace the bodies).

- cii.build_cii(request, profile) -> bytes: the CII XML of one issued document, from the same typed,
  integer-minor-unit model the PDF prints. Invoice 380; credit note 381 with BT-25 = request.credit_for.
- rules.validate_cii(xml, profile) -> list[RuleViolation]: the official CII XSD and the schematron of the profile
  (CEN EN 16931 for "en16931"; CEN + KoSIT for "xrechnung"), in-process with saxonche; [] when valid.
- rules.warm_up() compiles the schematrons once per process (the worker's initializer calls it).
- hybrid.make_hybrid(pdf, xml, ...) -> bytes: xhtml2pdf's PDF made PDF/A-3b, with factur-x.xml embedded (last).
- hybrid.pdfa_problems(pdf) -> list[str]: pikepdf's PDF/A-3b verdict less its known false alarms.
- hybrid.embedded_xml(pdf) -> bytes: the factur-x.xml a hybrid carries.
"""

from dataclasses import dataclass
from typing import Literal

Profile = Literal["en16931", "xrechnung"]


@dataclass(frozen=True)
class RuleViolation:
    """One failed rule: its ID (e.g. BR-DE-2, BR-CO-15, or XSD) and what it means and what to do, in plain words."""

    rule_id: str
    explanation: str
