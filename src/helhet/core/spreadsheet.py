"""Cells of a CSV file that a spreadsheet opens safely: text that starts like a formula is kept as text."""

# What Excel, LibreOffice and Google Sheets read as the start of a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, with a leading apostrophe when it would otherwise be read as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
