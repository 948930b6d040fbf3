// The Models view: each served model's shape, labels or attributes, latent size and version, and the figures of
// its training report when its directory has one (fetched with the token, shown as object URLs).
import { objectUrl, token } from './api.js';
import { el, showError } from './ui.js';

function row(list, term, value) {
  list.append(el('dt', { text: term }), el('dd', { text: value }));
}

function describeAttributes(model) {
  if (!model.attributes.length) return null;
  return model.attributes.map((a) => (a.type === 'scalar' ? `${a.name} (scalar ${a.min}..${a.max})`
    : `${a.name}: ${a.values.join(', ')}`)).join('; ');
}

export function showModels(section, models) {
  showError(section, null);
  const list = section.querySelector('#model-list');
  list.replaceChildren();
  for (const m of models) {
    const facts = el('dl');
    const s = m.image_shape;
    row(facts, 'Version', m.versions.length > 1 ? `${m.version} (serving ${m.versions.join(', ')})` : m.version);
    row(facts, 'Image', `${s.width}×${s.height}, ${s.channels === 1 ? 'grayscale' : `${s.channels} channels`}`);
    row(facts, 'Latent size', String(m.latent_dim));
    const attributes = describeAttributes(m);
    if (attributes) row(facts, 'Attributes', attributes);
    else row(facts, 'Labels', m.label_names.join(', '));
    row(facts, 'Conditioning', `${m.conditioning_kind}, ${m.conditioning_size} values`);
    row(facts, 'Batching', `up to ${m.batching.max_batch} rows, ${m.batching.workers} worker(s)`);
    const card = el('article', { class: 'card', 'data-model': m.name }, el('h3', { text: m.name }), facts);
    const figures = m.report.filter((f) => f.endsWith('.png'));
    if (figures.length) {
      const gallery = el('div', { class: 'figures-row' });
      for (const file of figures) {
        const img = el('img', { alt: `${m.name} training report: ${file}`, loading: 'lazy' });
        gallery.append(el('figure', {}, img, el('figcaption', { text: file })));
        objectUrl(`/api/models/${encodeURIComponent(m.name)}/report/${encodeURIComponent(file)}`)
          .then((url) => { img.src = url; })
          .catch((error) => showError(section, error));
      }
      card.append(el('h4', { text: 'Training report' }), gallery);
    }
    if (m.report.includes('index.html') && !token()) { // a link cannot carry the token: without one it would fail
      card.append(el('p', {}, el('a', {
        href: `/api/models/${encodeURIComponent(m.name)}/report/index.html`, target: '_blank', rel: 'noopener',
        text: 'Full report',
      })));
    }
    list.append(card);
  }
}
