// The explorer's shell: the tabs, the token, the model list every view shares, and errors no view owns.
import { call, setToken, token } from './api.js';
import { showModels } from './models.js';
import { GenerateView } from './generate.js';
import { WalkView } from './walk.js';
import { MorphView } from './morph.js';
import { LoadView } from './load.js';

const views = {};
const appError = document.getElementById('app-error');

function showAppError(error) {
  appError.textContent = error ? error.message || String(error) : '';
  appError.hidden = !error;
}

function select(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
  }
  for (const [key, view] of Object.entries(views)) {
    if (key === name) view.shown?.();
    else view.hidden?.();
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

function wireTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab.id.slice(4)));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      select(next.id.slice(4));
    });
  });
}

function wireToken() {
  const form = document.getElementById('token-form');
  form.token.value = token();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(form.token.value.trim());
    loadModels();
  });
}

async function loadModels() {
  showAppError(null);
  let listing;
  try {
    listing = await call('/api/models');
  } catch (error) {
    showAppError(error.status === 401 ? new Error(`${error.message} (enter a token above)`) : error);
    return;
  }
  const models = listing.models;
  for (const select of document.querySelectorAll('[data-model-select]')) {
    const keep = select.value;
    select.replaceChildren(...models.map((m) => new Option(`${m.name} (v${m.version})`, m.name)));
    select.value = models.some((m) => m.name === keep) ? keep : listing.default_model;
  }
  showModels(document.getElementById('view-models'), models);
  for (const view of Object.values(views)) view.setModels?.(models);
  document.body.dataset.ready = 'true';
}

wireTabs();
wireToken();
views.generate = new GenerateView(document.getElementById('view-generate'));
views.walk = new WalkView(document.getElementById('view-walk'));
views.morph = new MorphView(document.getElementById('view-morph'));
views.load = new LoadView(document.getElementById('view-load'));
window.addEventListener('hashchange', () => {
  const name = location.hash.slice(1);
  if (document.getElementById(`tab-${name}`)) select(name);
});
const first = location.hash.slice(1);
select(document.getElementById(`tab-${first}`) ? first : 'models');
loadModels();
