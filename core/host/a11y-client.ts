/**
 * A script for every console page that gives AdminJS's own markup what a keyboard and a screen
 * reader need, where AdminJS draws it without: its button groups ("Filter", "Delete" in a
 * record's header) are anchors without href, which Tab skips — they become buttons reachable
 * by Tab and pressed by Enter or Space; a filter's or form's label beside its field is bound to
 * it; icon-only buttons get a name; Tab leaves a date field's calendar instead of circling in
 * it; the filter drawer, drawn off-screen while closed, is inert then (Tab does not wander into
 * it), takes focus when it opens, closes on Escape and gives focus back to the Filter button.
 *
 * Served as a file of this origin (the CSP allows no inline script); it only adds attributes
 * and listeners, never content.
 */
export function a11yClientScript(): string {
  return `(() => {
  let serial = 0;
  let opener = null;
  const NAMES = [
    ['[data-testid="actions-dropdown"]', 'Actions'],
    ['thead input[type="checkbox"]', 'Select all rows on this page'],
    ['button.close-button', 'Close'],
    ['[data-css="notice-wrapper"] button', 'Close notice'],
    ['button[data-testid="first"]', 'First page'],
    ['button[data-testid="previous"]', 'Previous page'],
    ['button[data-testid="next"]', 'Next page'],
    ['button[data-testid="last"]', 'Last page'],
    ['[data-css$="-filter-drawer"] button[type="button"]:not([data-css])', 'Close filters'],
  ];
  const hasName = (el) =>
    (el.tagName !== 'INPUT' && (el.textContent || '').trim() !== '') ||
    el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') || el.hasAttribute('title');
  const drawerHidden = (d) => d.getBoundingClientRect().left >= window.innerWidth - 1;
  const settleDrawer = (d) => {
    const hidden = drawerHidden(d);
    const wasOpen = d.dataset.planetaryOpen === '1';
    if (hidden === d.inert && hidden !== wasOpen) return;
    d.inert = hidden;
    if (hidden) {
      d.setAttribute('aria-hidden', 'true');
      delete d.dataset.planetaryOpen;
      // Closed at load: focus stays where the page put it.
      if (!wasOpen) return;
      // The button may have been drawn anew meanwhile (its label counts the filters).
      const back = opener && document.contains(opener) ? opener : document.querySelector('[data-css$="filter-button"]');
      const lost = !document.activeElement || document.activeElement === document.body || d.contains(document.activeElement);
      if (back && lost) back.focus();
    } else {
      d.removeAttribute('aria-hidden');
      d.dataset.planetaryOpen = '1';
      const first = d.querySelector('input:not([type=hidden]), select, textarea, button');
      if (first) first.focus();
    }
  };
  const repair = () => {
    for (const a of document.querySelectorAll('a:not([href]):not([role])')) {
      if (a.closest('.adminjs_Checkbox')) {
        // The drawn box of a checkbox: the real (visually hidden) input beside it is the control.
        a.setAttribute('aria-hidden', 'true');
        a.setAttribute('role', 'presentation');
        continue;
      }
      a.setAttribute('role', 'button');
      a.tabIndex = 0;
    }
    for (const label of document.querySelectorAll('label')) {
      if (label.htmlFor && document.getElementById(label.htmlFor)) continue;
      const group = label.parentElement;
      if (!group || group.querySelectorAll('label').length !== 1) continue;
      const fields = group.querySelectorAll('input:not([type=hidden]), select, textarea');
      if (fields.length !== 1 || label.contains(fields[0])) continue;
      const field = fields[0];
      if (!field.id) field.id = 'planetary-field-' + ++serial;
      label.htmlFor = field.id;
      if (field.hasAttribute('title') && !field.hasAttribute('aria-labelledby')) {
        if (!label.id) label.id = field.id + '-label';
        field.setAttribute('aria-labelledby', label.id);
      }
    }
    // AdminJS's modal buttons carry their words in a \`label\` attribute, drawn by CSS.
    for (const b of document.querySelectorAll('button[label]')) {
      if (!hasName(b)) b.setAttribute('aria-label', b.getAttribute('label'));
    }
    // A date range's two fields: named by the filter's label and their own "From" / "To".
    for (const input of document.querySelectorAll('.adminjs_DatePicker input')) {
      if (input.labels?.length || input.hasAttribute('aria-label')) continue;
      const picker = input.closest('.adminjs_DatePicker');
      const own = (picker.previousElementSibling?.textContent || '').trim();
      const group = picker.closest('section')?.querySelector('label')?.textContent?.trim() || '';
      const name = [group, own].filter(Boolean).join(' ');
      if (name) input.setAttribute('aria-label', name);
    }
    for (const [selector, name] of NAMES) {
      for (const el of document.querySelectorAll(selector)) if (!hasName(el)) el.setAttribute('aria-label', name);
    }
    for (const d of document.querySelectorAll('[data-css$="-filter-drawer"]')) {
      if (!d.dataset.planetaryWatched) {
        d.dataset.planetaryWatched = '1';
        d.addEventListener('transitionend', () => settleDrawer(d));
      }
      settleDrawer(d);
    }
  };
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; repair(); });
  };
  const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  // Tab in a date field's open calendar leaves it for the next field (the calendar would
  // otherwise keep focus in a loop of its own); Shift+Tab goes back to the date's input.
  const leaveCalendar = (calendar, back) => {
    const inputs = [...document.querySelectorAll('.react-datepicker__input-container input')]
      .filter((i) => i.compareDocumentPosition(calendar) & Node.DOCUMENT_POSITION_FOLLOWING);
    const input = inputs[inputs.length - 1];
    if (!input) return false;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    if (back) { input.focus(); return true; }
    const order = [...document.querySelectorAll(TABBABLE)].filter(
      (el) => !el.closest('.react-datepicker, [inert]') && el.getClientRects().length > 0,
    );
    const next = order[order.indexOf(input) + 1];
    (next || input).focus();
    return true;
  };
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (!(t instanceof HTMLElement)) return;
    const calendar = e.key === 'Tab' ? t.closest('.react-datepicker') : null;
    if (calendar && leaveCalendar(calendar, e.shiftKey)) {
      e.preventDefault();
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && t.matches('a[role="button"]:not([href])')) {
      e.preventDefault();
      if (/filter-button$/.test(t.getAttribute('data-css') || '')) opener = t;
      t.click();
    }
    if (e.key === 'Escape') {
      const d = t.closest('[data-css$="-filter-drawer"]');
      const close = d && d.querySelector('button[aria-label="Close filters"]');
      if (close) { e.preventDefault(); close.click(); }
    }
  });
  document.addEventListener('click', (e) => {
    const t = e.target instanceof Element ? e.target.closest('[data-css$="filter-button"]') : null;
    if (t) opener = t;
  }, true);
  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['class'],
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', schedule);
  else schedule();
})()
`
}
