// The server's JSON API, with the token (if any) from sessionStorage. Every failure becomes an ApiError whose
// message is the server's own (the field, the value and what was expected), for the page to show as it is.

const TOKEN_KEY = 'cvae.token';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.kind = body && body.status;
    this.field = body && body.field;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(json) {
  const h = {};
  if (json) h['Content-Type'] = 'application/json';
  if (token()) h.Authorization = `Bearer ${token()}`;
  return h;
}

async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = { message: `HTTP ${response.status} ${response.statusText}` };
  }
  return new ApiError(response.status, body);
}

/** GET or POST a JSON API path; resolves to the parsed JSON answer. */
export async function call(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** POST a JSON body; resolves to the answer's bytes as a Blob (a GIF). */
export async function callForBlob(path, body) {
  const response = await fetch(path, { method: 'POST', headers: headers(true), body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return response.blob();
}

/** A GET whose answer is a file (a report figure), as an object URL. */
export async function objectUrl(path) {
  const response = await fetch(path, { headers: headers(false) });
  if (!response.ok) throw await failure(response);
  return URL.createObjectURL(await response.blob());
}

/**
 * POSTs a JSON body to a Server-Sent Events path and calls onEvent(name, data) for each event as it arrives.
 * A failure before the stream starts rejects with the server's error; an 'error' event rejects too.
 */
export async function stream(path, body, onEvent, signal) {
  const response = await fetch(path, { method: 'POST', headers: headers(true), body: JSON.stringify(body), signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      const parsed = data ? JSON.parse(data) : null;
      if (name === 'error') throw new ApiError(500, parsed);
      onEvent(name, parsed);
    }
  }
}

/** The URL of a WebSocket path on this server (wss: when the page came over HTTPS). */
export function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** A data: URL for an image the API sent (base64 PNG). */
export function imageUrl(image) {
  return `data:image/png;base64,${image.data}`;
}

/** A file the user chose, as base64 (for image.data). */
export function fileAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
