"""The units a line can be counted in, as UN/ECE Recommendation 20 codes with the names the editor shows."""

UNITS: dict[str, str] = {
    "C62": "Piece",
    "HUR": "Hour",
    "DAY": "Day",
    "WEE": "Week",
    "MON": "Month",
    "LS": "Lump sum",
    "KGM": "Kilogram",
    "MTR": "Metre",
    "KMT": "Kilometre",
    "LTR": "Litre",
}
DEFAULT_UNIT = "C62"
