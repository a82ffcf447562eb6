"""The pre-built Tailwind stylesheet styles every page as NiceGUI's in-browser Tailwind did.

On each page, in light and dark, on a phone and a desktop, every element's computed style with the committed
ui/styles/tailwind.css is compared with the same page once NiceGUI's own Tailwind runtime (and the CSS NiceGUI adds
beside it) has compiled every class the page holds, Quasar's included: a class built in a string the CLI cannot
see, or one only Quasar puts in the page, shows up here as a difference.
"""

import pytest
from playwright.sync_api import Page

from tests.support.browser import NewContext
from tests.support.tour import DESKTOP, PHONE, tour, visits

# Each element's box and every computed property but the margins (Chromium reports an auto margin of a flex item as
# 0 px until something else makes it recompute the style; the box shows where the element really is). The first
# call keeps them in the page, the second returns what differs from them for the elements still there (a dialog's
# focus guards come and go).
STYLES = """async () => {
    const finite = animation => Number.isFinite(animation.effect?.getComputedTiming().endTime);
    await Promise.all(document.getAnimations().filter(finite).map(animation => animation.finished.catch(() => null)));
    const styles = new Map([...document.querySelectorAll('body *')].map(element => {
        const style = getComputedStyle(element), box = element.getBoundingClientRect();
        const name = [element.tagName.toLowerCase(), ...(element.getAttribute('class') || '').split(/\\s+/)].join('.');
        const values = [...style].filter(p => !p.startsWith('--') && !p.startsWith('margin'))
            .map(p => [p, style.getPropertyValue(p)]);
        return [element, [name, new Map([...values, ['box', [box.x, box.y, box.width, box.height].join()]])]];
    }));
    const before = window.__styles;
    if (!before) { window.__styles = styles; return []; }
    return [...before].filter(([element]) => styles.has(element)).flatMap(([element, [name, values]]) => [...values]
        .filter(([p, value]) => styles.get(element)[1].get(p) !== value)
        .map(([p, value]) => `${name} ${p}: ${value} / ${styles.get(element)[1].get(p)}`)).slice(0, 40);
}"""
# NiceGUI's page with tailwind=True: its dark variant, its fix-up of Quasar's rotations, and the runtime itself.
WITH_TAILWIND_RUNTIME = """async () => {
    const runtime = document.querySelector('script[src*="/static/socket.io.min.js"]').src
        .replace('socket.io.min.js', 'tailwindcss.min.js');
    const style = (text, type) => document.head.append(Object.assign(document.createElement('style'),
                                                                     {textContent: text, ...(type ? {type} : {})}));
    style('@custom-variant dark (&:where(body.body--dark, body.body--dark *));', 'text/tailwindcss');
    style(`@import url("${runtime.replace('tailwindcss.min.js', 'headwind.css')}") layer(overrides);`);
    const before = new Set(document.querySelectorAll('style'));
    await new Promise((resolve, reject) => document.head.append(
        Object.assign(document.createElement('script'), {src: runtime, onload: resolve, onerror: reject})));
    const compiled = () => [...document.querySelectorAll('style')].find(s => !before.has(s) && s.textContent);
    for (let wait = 0; wait < 200 && !compiled(); wait++) await new Promise(resolve => setTimeout(resolve, 50));
    if (!compiled()) throw new Error('the Tailwind runtime compiled nothing');
    document.querySelector('link[href*="tailwind.css"]').disabled = true;
}"""


@pytest.mark.browser
def test_every_page_looks_the_same_with_the_pre_built_stylesheet_as_with_tailwinds_runtime(
        alice: Page, new_context: NewContext) -> None:
    differences: dict[str, list[str]] = {}
    for visit in visits(alice, new_context().new_page(), tour(alice), widths=(PHONE, DESKTOP)):
        page = visit.page
        assert page.locator('link[href*="tailwind.css"]').count() == 1
        assert page.locator('script[src*="tailwindcss"]').count() == 0, "NiceGUI's runtime is still on"
        page.mouse.move(0, 0)  # where nothing reacts to hovering: a hover that comes later is no difference
        page.wait_for_timeout(100)
        page.evaluate(STYLES)
        page.evaluate(WITH_TAILWIND_RUNTIME)
        found = page.evaluate(STYLES)
        if found:
            differences[visit.where] = found
    assert not differences, "styled differently by the pre-built stylesheet (left) than by Tailwind's runtime:\n" + \
        "\n".join(f"{where}:\n" + "\n".join(f"  {line}" for line in lines) for where, lines in differences.items())

