import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** What one page got wrong, in words a reviewer can act on. */
export type PageProblems = { page: string; problems: string[] };

/** Phones: the smallest touch target (WCAG 2.5.5 and the platforms' 44 pt / 48 dp guidance). */
const TOUCH = 44;
/** A checkbox or radio larger than this has swollen with its label. */
const BOX_MAX = 28;

/**
 * The layout checks, run in the page:
 * - nothing wider than the viewport (the widest offenders are named);
 * - on phones, every control one taps is at least 44 px high: buttons, selects, text inputs,
 *   summaries, links styled as buttons and navigation links, and the labels that wrap a checkbox
 *   or radio (the label is the target). Plain links inside running text are exempt, as WCAG
 *   2.5.8's inline exception allows: their size is the text's.
 * - no checkbox or radio box over 28 px, and no check label broken one character a line.
 */
async function layoutProblems(page: Page, phone: boolean): Promise<string[]> {
  return page.evaluate(
    ({ phone, TOUCH, BOX_MAX }) => {
      const out: string[] = [];
      const name = (el: Element) => {
        const id = el.getAttribute('data-testid');
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
        return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${text}"`;
      };
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
      };
      const width = window.innerWidth;
      if (document.documentElement.scrollWidth > width + 1) {
        const wide = [...document.querySelectorAll('body *')]
          .filter((el) => visible(el) && el.getBoundingClientRect().right > width + 1)
          .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1))
          .slice(0, 3)
          .map(name);
        out.push(`overflow: page is ${document.documentElement.scrollWidth}px wide in ${width}px (${wide.join('; ')})`);
      }
      if (phone) {
        const targets = document.querySelectorAll(
          'button, select, textarea, summary, [role=button], a.button, nav a, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), label:has(> input[type=checkbox]), label:has(> input[type=radio])',
        );
        for (const el of targets) {
          if (!visible(el) || el.closest('[hidden], [aria-hidden=true]')) continue;
          const h = el.getBoundingClientRect().height;
          if (h < TOUCH - 0.5) out.push(`small target: ${name(el)} is ${Math.round(h)}px high`);
        }
      }
      for (const box of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
        if (!visible(box)) continue;
        const r = box.getBoundingClientRect();
        if (r.width > BOX_MAX || r.height > BOX_MAX)
          out.push(
            `swollen ${(box as HTMLInputElement).type}: ${Math.round(r.width)}×${Math.round(r.height)}px in ${name(box.parentElement ?? box)}`,
          );
        const label = box.closest('label');
        const text = label && [...label.childNodes].find((n) => n !== box && (n.textContent ?? '').trim().length > 1);
        if (text) {
          const range = document.createRange();
          range.selectNodeContents(text);
          const rect = range.getBoundingClientRect();
          const em = parseFloat(getComputedStyle(label).fontSize);
          // broken: a label of several characters laid out as a narrow column of three or more lines
          // (a short word such as "Yes" is narrow too, but on one line)
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          if (rect.width > 0 && rect.width < em * 1.9 && lines >= 3 && (text.textContent ?? '').trim().length > 2)
            out.push(`label broken a character a line: ${name(label)}`);
        }
      }
      return out;
    },
    { phone, TOUCH, BOX_MAX },
  );
}

/** axe-core's serious and critical findings, one line per rule with where it was found. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `axe ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
          .slice(0, 2)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

export async function checkPage(page: Page, phone: boolean): Promise<string[]> {
  return [...(await layoutProblems(page, phone)), ...(await accessibilityProblems(page))];
}
