// The Live load view: the server's own meters (/api/load) read every second while the view is shown. The server
// sends totals; two readings give the rates over the last interval, and the latency buckets' differences give
// percentiles (the upper bound of the bucket where the rank falls).
import { call } from './api.js';
import { showError } from './ui.js';

const HISTORY = 60;

/** Rates between two readings of /api/load, or null before there are two. */
export function rates(before, now) {
  if (!before || !now) return null;
  const seconds = now.at_seconds - before.at_seconds;
  if (!(seconds > 0)) return null;
  const requests = now.requests - before.requests;
  const runs = now.runs - before.runs;
  const buckets = now.latency_buckets.map((b, i) => ({ le: b.le, count: b.count - (before.latency_buckets[i]?.count ?? 0) }));
  return {
    perSecond: requests / seconds,
    failedPerSecond: (now.failed - before.failed) / seconds,
    meanBatch: runs > 0 ? (now.rows - before.rows) / runs : null,
    meanLatency: requests > 0 ? (now.latency_seconds - before.latency_seconds) / requests : null,
    p50: percentile(buckets, requests, 0.5),
    p95: percentile(buckets, requests, 0.95),
    p99: percentile(buckets, requests, 0.99),
  };
}

/** The bucket bound under which a share q of the requests fell (cumulative bucket counts). */
export function percentile(buckets, total, q) {
  if (!(total > 0)) return null;
  const rank = q * total;
  for (const b of buckets) if (b.count >= rank) return b.le;
  return Infinity;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds === Infinity) return '> 10 s';
  return seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.001 ? 2 : 1)} ms` : `${seconds.toFixed(2)} s`;
}

export class LoadView {
  constructor(section) {
    this.section = section;
    this.previous = null;
    this.history = [];
    this.timer = null;
  }

  shown() {
    if (this.timer) return;
    this.poll();
    this.timer = setInterval(() => this.poll(), 1000);
  }

  hidden() {
    clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
  }

  async poll() {
    let now;
    try {
      now = await call('/api/load');
    } catch (error) {
      showError(this.section, error);
      return;
    }
    showError(this.section, null);
    const r = rates(this.previous, now);
    this.previous = now;
    const set = (id, text) => { this.section.querySelector(`#${id}`).textContent = text; };
    set('load-total', String(now.requests));
    set('load-queue', `${now.queued_rows} / ${now.runs_in_flight}`);
    if (!r) return;
    set('load-rps', r.perSecond.toFixed(1));
    set('load-failed', r.failedPerSecond.toFixed(1));
    set('load-batch', r.meanBatch === null ? '–' : r.meanBatch.toFixed(1));
    set('load-mean', duration(r.meanLatency));
    set('load-latency', r.p50 === null ? '–' : `${duration(r.p50)} / ${duration(r.p95)} / ${duration(r.p99)}`);
    this.section.dataset.requestsPerSecond = String(r.perSecond);
    this.history.push(r.perSecond);
    if (this.history.length > HISTORY) this.history.shift();
    this.section.dataset.samples = String(this.history.length);
    this.draw();
  }

  draw() {
    const canvas = this.section.querySelector('#load-chart');
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || canvas.width;
    const h = canvas.clientHeight || canvas.height;
    canvas.width = Math.round(w * ratio); // drawn at the size it shows, so lines and text stay sharp
    canvas.height = Math.round(h * ratio);
    const context = canvas.getContext('2d');
    context.scale(ratio, ratio);
    context.clearRect(0, 0, w, h);
    const top = Math.max(1, ...this.history);
    context.strokeStyle = '#1f5fbf';
    context.lineWidth = 2;
    context.beginPath();
    this.history.forEach((v, i) => {
      const x = (i / (HISTORY - 1)) * w;
      const y = h - 4 - (v / top) * (h - 20);
      if (i === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
    context.fillStyle = '#5b6675';
    context.font = '12px sans-serif';
    context.fillText(`${top.toFixed(0)} req/s`, 4, 12);
  }
}
