"""Rows pasted from a spreadsheet into a line's description become line items; nothing pasted is lost."""

from services.invoices.pasted_lines import PastedRow, read_paste
from services.invoices.validation import MAX_LINES


def test_tab_separated_rows_from_a_spreadsheet_become_one_line_each_with_comma_or_point_decimals() -> None:
    paste = read_paste("Design\t2\t50,00\r\nHosting\t12\t9.99\n", decimal_mark=",")

    assert paste is not None
    assert paste.rows == (PastedRow("Design", "2", "50,00"), PastedRow("Hosting", "12", "9.99"))
    assert paste.unused_columns == ()


def test_semicolon_separated_rows_read_like_a_csv_file() -> None:
    paste = read_paste("Design;2;50.00\nReview;1,5;80\n", decimal_mark=",")

    assert paste is not None
    assert [(row.description, row.quantity, row.unit_price) for row in paste.rows] == [
        ("Design", "2", "50.00"), ("Review", "1,5", "80")]


def test_thousands_separators_are_read_as_the_language_writes_them() -> None:
    german = read_paste("Server\t1\t1.234,50\nRack\t2\t12 000,00", decimal_mark=",")
    english = read_paste("Server\t1\t1,234.50\nRack\t2\t12,000", decimal_mark=".")

    assert german is not None and english is not None
    assert [row.unit_price for row in german.rows] == ["1234,50", "12000,00"]
    assert [row.unit_price for row in english.rows] == ["1234.50", "12000"]


def test_a_number_whose_separators_the_language_does_not_decide_keeps_the_row_as_text() -> None:
    paste = read_paste("Server\t1\t1.234,50\nRack\t2\t3", decimal_mark=None)

    assert paste is not None
    assert paste.rows[0] == PastedRow("Server\t1\t1.234,50", "1", "",
                                      problem="Pasted as text: the unit price \u201c1.234,50\u201d is no number.")
    assert paste.rows[1] == PastedRow("Rack", "2", "3")


def test_a_row_that_cannot_be_read_keeps_its_whole_text_as_the_description_with_the_reason() -> None:
    paste = read_paste("Description;Qty;Price\nDesign;two;50\nHosting;12;9.99", decimal_mark=",")

    assert paste is not None
    assert [row.description for row in paste.rows] == ["Description;Qty;Price", "Design;two;50", "Hosting"]
    assert paste.rows[0].problem == ("Pasted as text: the quantity \u201cQty\u201d is no number; "
                                     "the unit price \u201cPrice\u201d is no number.")
    assert paste.rows[1].problem == "Pasted as text: the quantity \u201ctwo\u201d is no number."
    assert paste.rows[2].problem == ""


def test_one_line_without_a_tab_is_an_ordinary_paste_and_lines_without_cells_are_descriptions() -> None:
    assert read_paste("Design; phase 2", decimal_mark=",") is None
    assert read_paste("", decimal_mark=",") is None
    paste = read_paste("Design\n\nHosting\n", decimal_mark=",")

    assert paste is not None
    assert paste.rows == (PastedRow("Design"), PastedRow("Hosting"))


def test_one_tab_separated_row_is_a_table_and_two_columns_are_description_and_price() -> None:
    paste = read_paste("Hosting\t9,99", decimal_mark=",")

    assert paste is not None
    assert paste.rows == (PastedRow("Hosting", "1", "9,99"),)


def test_a_column_of_units_or_of_percentages_is_read_and_any_other_is_left_out_and_named() -> None:
    paste = read_paste("Design\t2\t50\tHours\t19 %\t100\nHosting\t1\t9\tMON\t7%\t9", decimal_mark=",")

    assert paste is not None
    assert [(row.unit, row.vat_rate) for row in paste.rows] == [("HUR", "19"), ("MON", "7")]
    assert paste.unused_columns == (6,)


def test_a_column_that_is_partly_units_is_not_guessed_at() -> None:
    paste = read_paste("Design\t2\t50\tHour\nHosting\t1\t9\t19", decimal_mark=",")

    assert paste is not None
    assert [row.unit for row in paste.rows] == [None, None]
    assert paste.unused_columns == (4,)


def test_rows_beyond_the_line_limit_are_counted_not_read() -> None:
    paste = read_paste("Item\t1\t1\n" * (MAX_LINES + 3), decimal_mark=",")

    assert paste is not None
    assert len(paste.rows) == MAX_LINES
    assert paste.left_out_rows == 3
