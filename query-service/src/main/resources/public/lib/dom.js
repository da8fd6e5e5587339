// The page's DOM comes from <template> elements in index.html; values go in as text only.

/** A fresh copy of the first element of <template id="...">. */
export function clone(templateId) {
  const t = document.getElementById(templateId);
  if (!t) throw new Error('the page has no template #' + templateId);
  return t.content.firstElementChild.cloneNode(true);
}

/** Sets the text of every [data-field=name] under root. */
export function fill(root, values) {
  for (const [name, value] of Object.entries(values)) {
    for (const el of root.querySelectorAll('[data-field="' + name + '"]')) {
      el.textContent = value === null || value === undefined ? '' : String(value);
    }
  }
  return root;
}

export function field(root, name) {
  return root.querySelector('[data-field="' + name + '"]');
}

/** Replaces the rows of tbody: one clone of rowTemplate per item, or one row saying there are none. */
export function rows(tbody, rowTemplate, items, each, emptyText) {
  if (!items.length && emptyText) {
    const empty = clone('tpl-empty-row');
    fill(empty, { text: emptyText });
    empty.firstElementChild.colSpan = tbody.closest('table').querySelectorAll('thead th').length || 1;
    tbody.replaceChildren(empty);
    return;
  }
  tbody.replaceChildren(...items.map((item) => {
    const row = clone(rowTemplate);
    each(row, item);
    return row;
  }));
}

/** Replaces the figures of a <dl>: each {label, value, inputs} from tpl-figure. */
export function figures(dl, items) {
  dl.replaceChildren(...items.map((f) => {
    const el = clone('tpl-figure');
    fill(el, { label: f.label, value: f.value, inputs: f.inputs || '' });
    if (f.id) el.dataset.figure = f.id;
    if (f.tone) el.dataset.tone = f.tone;
    return el;
  }));
}

const FRAGMENT = /^#[A-Za-z][\w.:-]*$/;

/** A link that stays on this dashboard: only relative query links and fragments of the page are taken from an answer. */
export function setLocalLink(a, href) {
  if (typeof href === 'string' && (href.startsWith('?') || FRAGMENT.test(href) || (href.startsWith('/') && !href.startsWith('//')))) {
    a.href = href;
    a.hidden = false;
  } else {
    a.removeAttribute('href');
    a.hidden = true;
  }
}
