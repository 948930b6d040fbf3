// The Morph view: two endpoints (a label and a seed, or an uploaded image the server encodes), a linear or
// spherical path, frames that stream in as the server computes them, a slider over them, and a GIF of the whole.
import { callForBlob, fileAsBase64, imageUrl, stream } from './api.js';
import { el, readCondition, renderCondition, seedOf, showError, ModelView } from './ui.js';

export class MorphView extends ModelView {
  constructor(section) {
    super(section, section.querySelector('#morph-form'));
    this.strip = section.querySelector('#morph-strip');
    this.slider = section.querySelector('#morph-slider');
    this.image = section.querySelector('#morph-image');
    this.status = section.querySelector('#morph-status');
    this.frames = [];
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.morph();
    });
    this.slider.addEventListener('input', () => this.showFrame(Number(this.slider.value)));
    section.querySelector('#morph-gif').addEventListener('click', () => this.gif());
  }

  modelChanged() {
    const model = this.model();
    if (!model) return;
    renderCondition(this.form.querySelector('[data-condition="start"]'), model, 'start-');
    renderCondition(this.form.querySelector('[data-condition="end"]'), model, 'end-');
    const end = this.form.querySelector('[data-condition="end"] select');
    if (end && end.options.length > 1) end.selectedIndex = end.options.length - 1;
  }

  async endpoint(which) {
    const point = { condition: readCondition(this.form.querySelector(`[data-condition="${which}"]`)) };
    const file = this.form[`${which}Image`].files[0];
    if (file) point.image = { data: await fileAsBase64(file) };
    else point.seed = seedOf(this.form[`${which}Seed`]) ?? '0';
    return point;
  }

  async request() {
    return {
      model: this.model().name,
      start: await this.endpoint('start'),
      end: await this.endpoint('end'),
      steps: Number(this.form.steps.value),
      path: this.form.path.value,
    };
  }

  async morph() {
    showError(this.section, null);
    this.frames = [];
    this.strip.replaceChildren();
    this.slider.disabled = true;
    this.status.textContent = 'Morphing…';
    this.section.dataset.state = 'streaming';
    try {
      const request = await this.request();
      await stream('/api/interpolate', request, (name, data) => {
        if (name === 'frame') this.add(data, request.steps);
        if (name === 'end') this.status.textContent = `${data.frames} frames`;
      });
      this.section.dataset.state = 'done';
    } catch (error) {
      this.status.textContent = '';
      this.section.dataset.state = 'failed';
      showError(this.section, error);
    }
  }

  add(frame, steps) {
    this.frames.push(frame);
    const thumb = el('img', { src: imageUrl(frame.image), alt: `frame ${frame.index + 1} of ${steps}`,
      'data-index': String(frame.index) });
    thumb.addEventListener('click', () => this.showFrame(frame.index));
    this.strip.append(thumb);
    this.slider.max = String(this.frames.length - 1);
    this.slider.disabled = false;
    this.status.textContent = `${this.frames.length} of ${steps} frames`;
    if (this.frames.length === 1) this.showFrame(0);
  }

  showFrame(i) {
    const frame = this.frames[i];
    if (!frame) return;
    this.slider.value = String(i);
    this.slider.setAttribute('aria-valuetext', `frame ${i + 1} of ${this.frames.length}, t = ${frame.t.toFixed(2)}`);
    this.image.src = imageUrl(frame.image);
    for (const img of this.strip.children) img.classList.toggle('current', img.dataset.index === String(i));
  }

  async gif() {
    showError(this.section, null);
    this.status.textContent = 'Making the GIF…';
    try {
      const blob = await callForBlob('/api/interpolate.gif?scale=4', await this.request());
      const link = this.section.querySelector('#morph-gif-link');
      if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(blob);
      link.hidden = false;
      link.dataset.bytes = String(blob.size);
      this.status.textContent = `GIF ready (${Math.round(blob.size / 1024)} KiB)`;
      link.focus();
    } catch (error) {
      this.status.textContent = '';
      showError(this.section, error);
    }
  }
}
