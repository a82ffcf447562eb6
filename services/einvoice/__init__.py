"""Structured e-invoices: the invoice as UN/CEFACT CII XML (EN 16931, XRechnung), its validation, and the
PDF/A-3b hybrid (Factur-X / ZUGFeRD) that carries it. Runs in the render worker; imports nothing of the app
but the invoice model."""
