/**
 * What the layout guard looks for in a view, measured on the boxes the browser laid out:
 * an element that sticks out of the element that holds it, two elements side by side in the
 * same container that overlap, and a pane that scrolls sideways. Chosen over screenshot
 * comparisons: a font or anti-aliasing change moves pixels without breaking anything, while
 * these rules name the element at fault and hold for any text, in any language.
 */
import type { Page } from '@playwright/test';

/** The faults in what is shown now (the main area, notices and any open dialog), described. */
export function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const SLACK = 1;
    const describe = (el: Element) => {
      const name =
        el.getAttribute('aria-label') ??
        el.getAttribute('id') ??
        (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
      return `<${el.tagName.toLowerCase()}${cls}> “${name}”`;
    };
    // Drawn by their own rules: the maps (Leaflet places its panes) and charts.
    const skipped = (el: Element) => el.closest('svg, .leaflet-container') !== null;
    // Laid out and seen: not in a closed <details>, not hidden, not shrunk to nothing (the
    // one-pixel text kept for screen readers).
    const shown = (el: Element) => {
      if (!el.checkVisibility({ visibilityProperty: true })) return false;
      if (getComputedStyle(el).display === 'contents') return false;
      const r = el.getBoundingClientRect();
      return r.width > 2 && r.height > 2;
    };
    // Out of the flow: placed on purpose over or beside something else.
    const placed = (el: Element) => ['absolute', 'fixed', 'sticky'].includes(getComputedStyle(el).position);
    const inline = (el: Element) => getComputedStyle(el).display === 'inline';
    /** The element that lays this one out (skipping `display: contents` wrappers). */
    const container = (el: Element) => {
      let p = el.parentElement;
      while (p && getComputedStyle(p).display === 'contents') p = p.parentElement;
      return p;
    };

    const roots = [...document.querySelectorAll('main, .notices, dialog[open]')].filter((root) =>
      shown(root),
    );
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (skipped(el) || !shown(el)) continue;
        const style = getComputedStyle(el);
        const r = el.getBoundingClientRect();

        // A pane or box that scrolls sideways, or cuts its content off at the side.
        const cuts = style.overflowX !== 'visible' && style.textOverflow !== 'ellipsis';
        if (
          cuts &&
          el.scrollWidth > el.clientWidth + SLACK &&
          !(el instanceof HTMLInputElement) &&
          !(el instanceof HTMLTextAreaElement) &&
          !(el instanceof HTMLSelectElement)
        )
          faults.push(`${describe(el)} is ${el.scrollWidth - el.clientWidth}px too narrow for its content`);

        // Out of its container, where the container neither scrolls nor clips on that side.
        const parent = container(el);
        if (el !== root && parent && !placed(el) && !inline(el)) {
          const p = parent.getBoundingClientRect();
          const ps = getComputedStyle(parent);
          if (ps.overflowX === 'visible' && (r.left < p.left - SLACK || r.right > p.right + SLACK))
            faults.push(`${describe(el)} leaves ${describe(parent)} at the side`);
          if (ps.overflowY === 'visible' && (r.top < p.top - SLACK || r.bottom > p.bottom + SLACK))
            faults.push(`${describe(el)} leaves ${describe(parent)} at the top or bottom`);
        }

        // Siblings laid out in the flow that overlap.
        const children = [...el.children].filter((c) => !skipped(c) && shown(c) && !placed(c) && !inline(c));
        const boxes = children.map((c) => c.getBoundingClientRect());
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > SLACK && h > SLACK)
              faults.push(`${describe(children[i]!)} overlaps ${describe(children[j]!)}`);
          }
      }
    }
    return [...new Set(faults)];
  });
}
