"""Invoices: the typed model, drafts from the browser, validation, money, live totals, the rate limit, use cases."""
