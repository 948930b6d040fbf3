// The Latent walk view: two latent dimensions as a pad, the others fixed from a seed or an encoded image. Each
// move of the point goes over a WebSocket; the server decodes one point at a time and drops the stale ones, so
// the newest point wins. For models with a 2-D latent the pad shows the manifold under the current label.
import { call, fileAsBase64, imageUrl, socketUrl, token } from './api.js';
import { readCondition, renderCondition, seedOf, showError, ModelView } from './ui.js';

const RANGE = 3; // the pad spans -3..3 standard deviations on each axis
const MANIFOLD = 12; // images per side of the manifold

export class WalkView extends ModelView {
  constructor(section) {
    super(section, section.querySelector('#walk-form'));
    this.pad = section.querySelector('#walk-pad');
    this.point = section.querySelector('#walk-point');
    this.image = section.querySelector('#walk-image');
    this.stats = section.querySelector('#walk-stats');
    this.position = section.querySelector('#walk-position');
    this.canvas = section.querySelector('#walk-manifold');
    this.base = null;
    this.xy = [0, 0];
    this.sent = 0;
    this.frames = 0;
    this.socket = null;
    this.pending = null;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.fromSeed();
    });
    this.form.image.addEventListener('change', () => this.fromImage());
    this.form.dimX.addEventListener('change', () => this.placeFromBase());
    this.form.dimY.addEventListener('change', () => this.placeFromBase());
    this.form.querySelector('[data-condition]').addEventListener('change', () => {
      this.drawManifold();
      this.send();
    });
    this.wirePad();
  }

  shown() {
    if (!this.base && this.model()) this.fromSeed();
  }

  hidden() {
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close();
  }

  modelChanged() {
    const model = this.model();
    if (!model) return;
    renderCondition(this.form.querySelector('[data-condition]'), model);
    for (const [select, initial] of [[this.form.dimX, 0], [this.form.dimY, Math.min(1, model.latent_dim - 1)]]) {
      select.replaceChildren(...Array.from({ length: model.latent_dim }, (_, i) => new Option(`z[${i}]`, String(i))));
      select.value = String(initial);
    }
    this.base = null;
    this.drawManifold();
    if (!this.section.hidden) this.fromSeed();
  }

  async fromSeed() {
    const model = this.model();
    showError(this.section, null);
    try {
      const answer = await call('/api/generate', {
        model: model.name, condition: readCondition(this.form.querySelector('[data-condition]')), count: 1,
        seed: seedOf(this.form.seed),
      });
      if (this.model() !== model) return; // the model changed while this was on its way
      this.setBase(answer.images[0].latent, `from seed ${answer.seed}`);
      this.image.src = imageUrl(answer.images[0].image);
    } catch (error) {
      showError(this.section, error);
    }
  }

  async fromImage() {
    const file = this.form.image.files[0];
    if (!file) return;
    const model = this.model();
    showError(this.section, null);
    try {
      const answer = await call('/api/encode', {
        model: model.name, condition: readCondition(this.form.querySelector('[data-condition]')),
        image: { data: await fileAsBase64(file) }, reconstruct: true,
      });
      if (this.model() !== model) return;
      this.setBase(answer.mu, `from ${file.name} (encoded)`);
      this.image.src = imageUrl(answer.reconstruction);
    } catch (error) {
      showError(this.section, error);
    }
  }

  setBase(latent, origin) {
    this.base = latent.slice();
    this.origin = origin;
    this.pad.dataset.base = JSON.stringify(this.base);
    this.placeFromBase();
  }

  placeFromBase() {
    if (!this.base) return;
    const x = this.base[Number(this.form.dimX.value)];
    const y = this.base[Number(this.form.dimY.value)];
    this.moveTo(x, y, false);
  }

  wirePad() {
    let dragging = false;
    const at = (e) => {
      const r = this.pad.getBoundingClientRect();
      const fx = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
      const fy = Math.min(1, Math.max(0, (e.clientY - r.top) / r.height));
      this.moveTo((fx * 2 - 1) * RANGE, (1 - fy * 2) * RANGE, true);
    };
    this.pad.addEventListener('pointerdown', (e) => {
      dragging = true;
      this.pad.setPointerCapture?.(e.pointerId);
      this.pad.focus();
      at(e);
    });
    this.pad.addEventListener('pointermove', (e) => { if (dragging) at(e); });
    const stop = () => { dragging = false; };
    this.pad.addEventListener('pointerup', stop);
    this.pad.addEventListener('pointercancel', stop);
    this.pad.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 0.5 : 0.1;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      this.moveTo(this.xy[0] + move[0], this.xy[1] + move[1], true);
    });
  }

  moveTo(x, y, send) {
    this.xy = [Math.max(-RANGE, Math.min(RANGE, x)), Math.max(-RANGE, Math.min(RANGE, y))];
    this.point.style.left = `${((this.xy[0] / RANGE + 1) / 2) * 100}%`;
    this.point.style.top = `${((1 - this.xy[1] / RANGE) / 2) * 100}%`;
    this.position.textContent = `z[${this.form.dimX.value}] = ${this.xy[0].toFixed(2)}, `
      + `z[${this.form.dimY.value}] = ${this.xy[1].toFixed(2)} ${this.origin || ''}`;
    if (send) this.send();
  }

  latent() {
    const z = this.base.slice();
    z[Number(this.form.dimX.value)] = this.xy[0];
    z[Number(this.form.dimY.value)] = this.xy[1];
    return z;
  }

  send() {
    if (!this.base) return;
    this.sent += 1;
    const message = {
      id: this.sent, model: this.model().name,
      condition: readCondition(this.form.querySelector('[data-condition]')), latents: [this.latent()],
    };
    const socket = this.open();
    if (socket.readyState === WebSocket.OPEN) this.transmit(socket, message);
    else this.pending = message; // only the newest waits for the socket to open
    this.showStats();
  }

  transmit(socket, message) {
    if (!socket.authorized && token()) message.authorization = `Bearer ${token()}`;
    socket.authorized = true;
    socket.send(JSON.stringify(message));
  }

  open() {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return this.socket;
    const socket = new WebSocket(socketUrl('/api/walk'));
    socket.addEventListener('open', () => {
      if (this.pending) this.transmit(socket, this.pending);
      this.pending = null;
    });
    socket.addEventListener('message', (e) => this.received(JSON.parse(e.data)));
    socket.addEventListener('close', (e) => {
      if (this.socket !== socket) return; // closed on purpose: the view was left
      this.socket = null;
      if (e.code !== 1000) showError(this.section, new Error(`The walk's connection closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''}); move the point to reconnect`));
    });
    this.socket = socket;
    return socket;
  }

  received(answer) {
    if (answer.error) {
      showError(this.section, answer.error);
      return;
    }
    showError(this.section, null);
    this.frames += 1;
    this.image.src = imageUrl(answer.image);
    this.image.dataset.id = String(answer.id);
    this.showStats();
  }

  showStats() {
    this.stats.textContent = `${this.sent} points sent, ${this.frames} frames decoded`;
    this.stats.dataset.sent = String(this.sent);
    this.stats.dataset.frames = String(this.frames);
  }

  /** The manifold under the current condition, for models with a 2-D latent; nothing for others. */
  async drawManifold() {
    const model = this.model();
    this.manifolds = (this.manifolds || 0) + 1;
    const drawing = this.manifolds; // a newer drawing (another label or model) makes this one stale
    const context = this.canvas.getContext('2d');
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.canvas.hidden = !model || model.latent_dim !== 2;
    if (this.canvas.hidden) return;
    const latents = [];
    for (let row = 0; row < MANIFOLD; row += 1) {
      for (let col = 0; col < MANIFOLD; col += 1) {
        const at = (i) => ((i + 0.5) / MANIFOLD) * 2 * RANGE - RANGE;
        latents.push([at(col), -at(row)]);
      }
    }
    try {
      const answer = await call('/api/generate', {
        model: model.name, condition: readCondition(this.form.querySelector('[data-condition]')), latents,
      });
      if (drawing !== this.manifolds) return;
      const cell = this.canvas.width / MANIFOLD;
      await Promise.all(answer.images.map((image, i) => new Promise((resolve) => {
        const img = new Image();
        img.onload = () => {
          context.drawImage(img, (i % MANIFOLD) * cell, Math.floor(i / MANIFOLD) * cell, cell, cell);
          resolve();
        };
        img.onerror = resolve;
        img.src = imageUrl(image.image);
      })));
      if (drawing === this.manifolds) this.canvas.dataset.drawn = String(answer.images.length);
    } catch (error) {
      showError(this.section, error);
    }
  }
}
