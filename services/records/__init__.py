"""Records kept for years: the accountant's period export (PDFs, a CSV and a README in one streamed ZIP)."""
