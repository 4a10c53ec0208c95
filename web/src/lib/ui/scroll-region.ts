import type { Action } from 'svelte/action';

/**
 * A wide table's wrapper scrolls sideways; keyboard users can only scroll what they can focus, so
 * while (and only while) the content overflows, the wrapper is a focusable, named region
 * (WCAG 2.1.1; axe's scrollable-region-focusable). Tables that fit, or that became cards on a
 * phone, stay out of the tab order.
 */
export const scrollRegion: Action<HTMLElement, string | undefined> = (node, label) => {
  let name = label;
  const update = () => {
    if (node.scrollWidth > node.clientWidth + 1) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      const caption = node.querySelector('caption')?.textContent?.trim();
      const heading = name ?? caption ?? node.closest('section, main')?.querySelector('h1, h2')?.textContent?.trim();
      if (heading) node.setAttribute('aria-label', heading);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  const observer = new ResizeObserver(update);
  observer.observe(node);
  const table = node.firstElementChild;
  if (table) observer.observe(table);
  update();
  return {
    update(next) {
      name = next;
      update();
    },
    destroy: () => observer.disconnect(),
  };
};
