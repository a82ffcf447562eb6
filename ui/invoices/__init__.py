"""One invoice at /invoices/{id}: a draft opens in the editor, an issued invoice or credit note read-only."""
