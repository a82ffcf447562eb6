"""How a web process keeps itself responsive: its memory's collection."""
