// The Generate view: a grid of samples for a label (or attribute values) and a seed; "same style, every label"
// decodes one latent under every label; a click on an image offers its PNG and its latent vector.
import { call, imageUrl } from './api.js';
import { el, labelsOf, readCondition, renderCondition, seedOf, showError, ModelView } from './ui.js';

export class GenerateView extends ModelView {
  constructor(section) {
    super(section, section.querySelector('#generate-form'));
    this.grid = section.querySelector('#generate-grid');
    this.status = section.querySelector('#generate-status');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.generate();
    });
    section.querySelector('#every-label').addEventListener('click', () => this.everyLabel());
    section.querySelector('#detail-copy').addEventListener('click', () => this.copyLatent());
  }

  modelChanged() {
    const model = this.model();
    if (!model) return;
    renderCondition(this.form.querySelector('[data-condition]'), model);
    this.section.querySelector('#every-label').disabled = !labelsOf(model);
  }

  async generate() {
    const model = this.model();
    showError(this.section, null);
    const request = {
      model: model.name,
      condition: readCondition(this.form.querySelector('[data-condition]')),
      count: Number(this.form.count.value),
      seed: seedOf(this.form.seed),
      temperature: this.temperature(),
    };
    this.status.textContent = 'Generating…';
    try {
      const answer = await call('/api/generate', request);
      this.show(answer.images.map((image, i) => ({ ...image, caption: `${model.name} seed ${answer.seed} #${i + 1}` })), null);
      this.status.textContent = `${answer.images.length} images, seed ${answer.seed}`;
    } catch (error) {
      this.status.textContent = '';
      showError(this.section, error);
    }
  }

  /** The temperature field's number, or null (the model's default) when it is empty; the server checks its range. */
  temperature() {
    const text = this.form.temperature.value.trim();
    if (text === '') return null;
    const value = Number(text);
    return Number.isFinite(value) ? value : text; // the server names what is wrong with text that is not a number
  }

  /** One latent (from the seed), decoded under every label: one request per label, batched by the server. */
  async everyLabel() {
    const model = this.model();
    const labels = labelsOf(model);
    showError(this.section, null);
    const seed = seedOf(this.form.seed) ?? String(Math.floor(Math.random() * 2 ** 31));
    this.status.textContent = 'Generating…';
    try {
      const answers = await Promise.all(labels.map((label) => call('/api/generate', {
        model: model.name, condition: { label_name: label }, count: 1, seed, temperature: this.temperature(),
      })));
      this.show(answers.map((a, i) => ({ ...a.images[0], caption: `${model.name} label ${labels[i]} seed ${seed}` })), labels.length);
      this.status.textContent = `seed ${seed}, every label`;
    } catch (error) {
      this.status.textContent = '';
      showError(this.section, error);
    }
  }

  show(images, columns) {
    this.grid.classList.toggle('rows', Boolean(columns));
    if (columns) this.grid.style.setProperty('--columns', String(columns));
    this.grid.replaceChildren(...images.map((image) => {
      const button = el('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': `${image.caption}: details` },
        el('img', { src: imageUrl(image.image), alt: image.caption }));
      button.addEventListener('click', () => this.choose(button, image));
      return el('div', { role: 'listitem' }, button);
    }));
    this.section.querySelector('#generate-detail').hidden = true;
  }

  choose(button, image) {
    for (const b of this.grid.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
    const url = imageUrl(image.image);
    this.section.querySelector('#detail-image').src = url;
    this.section.querySelector('#detail-caption').textContent = image.caption;
    const link = this.section.querySelector('#detail-download');
    link.href = url;
    link.download = `${image.caption.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`;
    this.section.querySelector('#detail-latent').value = JSON.stringify(image.latent.map((v) => Number(v.toFixed(5))));
    this.section.querySelector('#generate-detail').hidden = false;
  }

  async copyLatent() {
    const text = this.section.querySelector('#detail-latent');
    try {
      await navigator.clipboard.writeText(text.value);
      this.status.textContent = 'Latent vector copied';
    } catch (e) {
      text.select();
      this.status.textContent = 'Select and copy the latent vector below';
    }
  }
}
