"""axe-core (pinned in tests/support/axe, installed by `scripts/setup test`) run inside a real page, and the
layout checks a person would make by eye: nothing wider than the screen, no label or button cutting its text."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    elements: tuple[str, ...]  # the start of each element's HTML
    summary: str  # why, for the first element

    def __str__(self) -> str:
        where = "\n".join(f"      {html}" for html in self.elements[:8])
        more = f"\n      … and {len(self.elements) - 8} more" if len(self.elements) > 8 else ""
        why = " ".join(line.strip() for line in self.summary.splitlines()[1:3])
        return f"  [{self.impact}] {self.rule}: {self.help} ({len(self.targets)} elements)\n{where}{more}\n" \
               f"    e.g. {why}"


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"axe-core is missing at {AXE_SCRIPT}: run ./scripts/setup test")
    return AXE_SCRIPT.read_text()


def axe_violations(page: Page) -> list[Violation]:
    """Every axe-core violation of the page as it is now (all rules of WCAG 2.1 A/AA and best practice)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())  # evaluated by the debugger protocol: the page's CSP does not apply
    found = page.evaluate("""async () => {
        const result = await window.axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({
            rule: v.id, impact: v.impact || 'minor', help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')), elements: v.nodes.map(n => n.html.slice(0, 160)),
            summary: (v.nodes[0] && v.nodes[0].failureSummary) || ''}));
    }""")
    return [Violation(rule=item["rule"], impact=item["impact"], help=item["help"], targets=tuple(item["targets"]),
                      elements=tuple(item["elements"]), summary=item["summary"]) for item in found]


def blocking(violations: list[Violation]) -> list[Violation]:
    return [violation for violation in violations if violation.impact in BLOCKING_IMPACTS]


def layout_problems(page: Page, *, besides: str = "") -> list[str]:
    """Elements reaching past the right edge of the viewport, and labels or buttons whose text is cut; elements
    inside `besides` (a CSS selector) are not looked at."""
    found: list[str] = page.evaluate("""besides => {
        const width = document.documentElement.clientWidth;
        const problems = [];
        const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            ' "' + (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
        const visible = el => { const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
        if (document.documentElement.scrollWidth > width)
            problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px > ${width} px`);
        for (const el of document.body.querySelectorAll('*')) {
            if (!visible(el) || el.closest('.q-menu, .q-dialog, .q-notifications')) continue;
            if (besides && el.closest(besides)) continue;
            const r = el.getBoundingClientRect();
            if (r.right > width + 1) problems.push(`${name(el)} reaches ${Math.round(r.right)} px of ${width} px`);
        }
        const texts = 'label, button, a, .q-btn, .q-field__label, .q-badge, .q-item__label, .nicegui-label';
        for (const el of document.body.querySelectorAll(texts)) {
            if (!visible(el) || !el.innerText.trim() || el.closest('.q-menu, .q-dialog')) continue;
            if (besides && el.closest(besides)) continue;
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                problems.push(`${name(el)} is cut: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
        }
        return problems;
    }""", besides)
    return found


def line_item_problems(page: Page) -> list[str]:
    """In every line item of the editor: parts overlapping each other or sticking out of the item (their messages
    too), figures cut by their field, and parts without a visible label."""
    found: list[str] = page.evaluate("""() => {
        const problems = [];
        const box = el => el.getBoundingClientRect();
        const named = el => (el.querySelector('.q-field__label, .text-xs')?.innerText || el.className).trim();
        document.querySelectorAll('[data-line-item]').forEach((item, index) => {
            const outer = box(item);
            const parts = [...item.children].filter(el => box(el).width > 0);
            for (const part of parts) {
                const r = box(part);
                if (r.left < outer.left - 1 || r.right > outer.right + 1 || r.bottom > outer.bottom + 1)
                    problems.push(`line ${index + 1}: ${named(part)} sticks out of its line item`);
                const values = part.querySelectorAll('input:not(.q-select__focus-target), .q-field__native > span');
                const figure = !part.classList.contains('line-description');  // free text may scroll in its field
                if (figure && [...values].some(value => value.scrollWidth > value.clientWidth + 1))
                    problems.push(`line ${index + 1}: the value of ${named(part)} is cut`);
                for (const message of part.querySelectorAll('.q-field__bottom'))
                    if (box(message).height > 0 && box(message).bottom > outer.bottom + 1)
                        problems.push(`line ${index + 1}: the message under ${named(part)} reaches past its item`);
                const labelled = part.querySelector('.q-field__label, .text-xs') || part.getAttribute('aria-label')
                    || part.querySelector('[aria-label]');
                if (!labelled) problems.push(`line ${index + 1}: ${part.className} has no label`);
            }
            for (let a = 0; a < parts.length; a++) for (let b = a + 1; b < parts.length; b++) {
                const [p, q] = [box(parts[a]), box(parts[b])];
                if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
                    problems.push(`line ${index + 1}: ${named(parts[a])} overlaps ${named(parts[b])}`);
            }
        });
        return problems;
    }""")
    return found
