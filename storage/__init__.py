"""MongoDB access: small modules of owner-scoped functions returning typed records; no business rules."""
