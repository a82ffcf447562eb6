"""Every page scanned by axe-core at phone and desktop width, in light and dark, and measured for overflow."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.accessibility import axe_violations, blocking, layout_problems, line_item_problems
from tests.support.browser import Artifacts, NewContext, expect_dashboard
from tests.support.tour import DESKTOP, HEIGHT, PHONE, tour, visits

LAYOUT_WIDTHS = (320, 390, 768, 1280)
PHONE_MAX = 600  # up to this width a line item is a card and the editor's total and Generate stay in view
PHOTOGRAPHED = ("log-in", "list", "invoice", "settings")  # for the README, desktop and phone, light and dark


@pytest.mark.browser
def test_every_page_has_no_serious_or_critical_axe_violation_on_a_phone_and_a_desktop_in_light_and_dark(
        alice: Page, new_context: NewContext, artifacts: Artifacts) -> None:
    found: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for visit in visits(alice, new_context().new_page(), tour(alice), widths=(PHONE, DESKTOP)):
        page, stop, width, scheme = visit.page, visit.stop, visit.width, visit.scheme
        violations = axe_violations(page)
        counts[visit.where] = len(blocking(violations))
        found.update({visit.where: [str(v) for v in blocking(violations)]} if blocking(violations) else {})
        if stop.name in PHOTOGRAPHED:
            artifacts.screenshot(page, f"{stop.name}-{width}-{scheme}",
                                 docs_name=f"{stop.name}-{'phone' if width == PHONE else 'desktop'}-{scheme}")
        (artifacts.directory / f"axe-{stop.name}-{width}-{scheme}.json").write_text(
            json.dumps([v.__dict__ for v in violations], indent=1))
    print("serious or critical axe-core violations per page:", json.dumps(counts, indent=1))
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(
        f"{where}:\n" + "\n".join(lines) for where, lines in found.items())


@pytest.mark.browser
def test_every_page_has_one_h1_a_language_and_nothing_cut_off_from_320_to_1280_px(
        alice: Page, new_context: NewContext) -> None:
    problems: dict[str, list[str]] = {}
    for visit in visits(alice, new_context().new_page(), tour(alice), widths=LAYOUT_WIDTHS, schemes=("light",)):
        page = visit.page
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("html")).to_have_attribute("lang", "en-GB")
        found = layout_problems(page)
        if visit.stop.name == "editor":
            found += line_item_problems(page) + _editor_card_problems(page, visit.width)
        if found:
            problems[f"{visit.stop.name} at {visit.width} px"] = found
    assert not problems, "cut off or too wide:\n" + "\n".join(
        f"{where}:\n" + "\n".join(f"  {line}" for line in lines) for where, lines in problems.items())


def _editor_card_problems(page: Page, width: int) -> list[str]:
    """On a phone: the description spans its card with the figures below it, and the bar with the total and
    Generate PDF sits at the bottom of the screen (the editor is taller than the screen)."""
    if width > PHONE_MAX:
        return []
    item = page.locator("[data-line-item]").first
    card, description = item.bounding_box(), item.locator(".line-description").bounding_box()
    figures = [item.locator(selector).bounding_box() for selector in (".line-quantity", ".line-unit", ".line-price",
                                                                      ".line-vat", ".line-amount")]
    bar, generate = page.locator("[data-editor-bar]"), page.get_by_role("button", name="Generate PDF")
    expect(bar.get_by_text(re.compile(r"^Total "))).to_be_visible()
    bar_box, generate_box = bar.bounding_box(), generate.bounding_box()
    assert card and description and bar_box and generate_box and all(figures)
    problems = []
    if description["width"] < card["width"] - 2 * 8 - 2 - 1:  # the card's padding and border
        problems.append(f"the description is {description['width']:.0f} px wide in a {card['width']:.0f} px card")
    if any(box and box["y"] < description["y"] + description["height"] for box in figures):
        problems.append("a figure of the line item sits beside its description, not below it")
    height = HEIGHT.get(width, 900)
    if not height - 2 <= bar_box["y"] + bar_box["height"] <= height + 1:
        problems.append(f"the bar ends at {bar_box['y'] + bar_box['height']:.0f} px, not at the bottom ({height} px)")
    if generate_box["y"] + generate_box["height"] > height:
        problems.append("Generate PDF is below the screen")
    return problems


@pytest.mark.browser
def test_keyboard_alone_reaches_every_control_with_a_visible_ring_and_picks_a_date(alice: Page) -> None:
    alice.goto("/")
    expect_dashboard(alice)
    alice.get_by_label("Client name").focus()
    for _ in range(20):  # the client's email, address, VAT ID and language, the issue date, then its calendar
        _expect_focus_ring(alice)
        alice.keyboard.press("Tab")
        if alice.evaluate("() => document.activeElement.getAttribute('title') || ''").startswith("Pick the issue"):
            break
    calendar = alice.get_by_role("button", name="Pick the issue date from a calendar")
    expect(calendar).to_be_focused()
    _expect_focus_ring(alice)
    alice.keyboard.press("Enter")
    day = alice.locator(".q-date").get_by_role("button", name="15", exact=True)
    expect(day).to_be_visible()
    day.focus()
    _expect_focus_ring(alice)
    alice.keyboard.press("Enter")
    expect(alice.get_by_label("Issue date")).to_have_value(re.compile(r"^\d{4}-\d{2}-15$"))

    alice.get_by_role("link", name="Settings").first.focus()
    for _ in range(6):
        _expect_focus_ring(alice)
        alice.keyboard.press("Tab")


def _expect_focus_ring(page: Page) -> None:
    """The focused element draws an outline of at least 2 px, or a ring drawn as a box shadow around its field."""
    ring = page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const field = el.closest('.q-field');
        const shadow = field ? getComputedStyle(field.querySelector('.q-field__control')).boxShadow : 'none';
        return {tag: el.tagName + ' ' + (el.getAttribute('aria-label') || el.innerText || '').slice(0, 30),
                outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0, shadow};
    }""")
    assert ring["outline"] >= 2 or ring["shadow"] != "none", f"no visible focus on {ring}"
