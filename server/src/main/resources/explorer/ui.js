// Small helpers every view shares: element creation, a view's error line, and the condition controls of a model.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'text') node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Shows an error in the section's error line (the server's message as it is), or clears it with null. */
export function showError(section, error) {
  const line = section.querySelector('[data-error]');
  if (!error) {
    line.hidden = true;
    line.textContent = '';
    return;
  }
  line.textContent = error.message || String(error);
  line.hidden = false;
}

/** A model's attributes, with the implicit "label" attribute of one-hot models. */
function attributes(model) {
  if (model.attributes && model.attributes.length) return model.attributes;
  return [{ name: 'label', type: 'categorical', values: model.label_names }];
}

/** True when the model conditions on one class attribute: then "every label" means its values. */
export function labelsOf(model) {
  const a = attributes(model);
  return a.length === 1 && a[0].type !== 'scalar' ? a[0].values : null;
}

/** Fills a container with one labelled control per attribute of the model (a select, or a number for scalars). */
export function renderCondition(container, model, prefix) {
  container.replaceChildren();
  for (const a of attributes(model)) {
    const name = `${prefix || ''}attr-${a.name}`;
    let control;
    if (a.type === 'scalar') {
      const mid = a.min !== undefined && a.max !== undefined ? (a.min + a.max) / 2 : 0;
      control = el('input', { type: 'number', step: 'any', name, value: String(mid), 'data-attribute': a.name });
    } else {
      control = el('select', { name, 'data-attribute': a.name });
      for (const v of a.values) control.append(el('option', { value: v, text: v }));
    }
    const label = a.name === 'label' ? 'Label' : a.name;
    container.append(el('label', {}, label, control));
  }
}

/** The condition the controls describe: label_name for one attribute, attributes for several. */
export function readCondition(container) {
  const controls = [...container.querySelectorAll('[data-attribute]')];
  if (controls.length === 1 && controls[0].tagName === 'SELECT') return { label_name: controls[0].value };
  const values = {};
  for (const c of controls) values[c.dataset.attribute] = c.value;
  return { attributes: values };
}

/** The seed field's text as the API takes it: empty means random (the server picks one). */
export function seedOf(input) {
  const text = input.value.trim();
  return text === '' ? undefined : text;
}

/**
 * What every view with a model choice shares: the served models, the one its form's model select names, and a
 * modelChanged() call whenever the list or the choice changes.
 */
export class ModelView {
  constructor(section, form) {
    this.section = section;
    this.form = form;
    this.models = [];
    form.model.addEventListener('change', () => this.modelChanged());
  }

  setModels(models) {
    this.models = models;
    this.modelChanged();
  }

  model() {
    return this.models.find((m) => m.name === this.form.model.value);
  }

  modelChanged() {}
}
