// Talking to the query service: the bearer token, JSON answers, errors that name the problem.
const TOKEN_KEY = 'revguard.token';
const SHARE_MS = 1500;

/** An answer other than 2xx; `status` is the HTTP status (0: no answer at all). */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Takes the token from #token=... once, so the address bar never keeps it. */
export function adoptTokenFromHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem(TOKEN_KEY, hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** Asks for a token when there is none; an empty answer means anonymous (demo mode). */
export function ensureToken(force) {
  if (force || sessionStorage.getItem(TOKEN_KEY) === null) {
    sessionStorage.setItem(TOKEN_KEY, window.prompt('revguard API token') || '');
  }
}

async function request(path, options) {
  const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
  let res;
  try {
    res = await fetch(path, Object.assign({ headers }, options || {}));
  } catch (e) {
    throw new ApiError('the service did not answer (' + e.message + ')', 0);
  }
  const body = await res.json().catch(() => null);
  if (res.status === 401) {
    throw new ApiError('the token was refused (401): choose "Change token" and enter a valid one', 401);
  }
  if (!res.ok) {
    const detail = body && (body.detail || body.error);
    throw new ApiError((detail || 'HTTP ' + res.status) + ' (' + path.split('?')[0] + ', ' + res.status + ')', res.status);
  }
  return body;
}

// Panels that read the same endpoint in the same refresh share one request.
const shared = new Map();

/** GET a JSON answer; identical requests made within a moment of each other share one answer. */
export function get(path) {
  const hit = shared.get(path);
  if (hit && Date.now() - hit.at < SHARE_MS) {
    return hit.promise;
  }
  const promise = request(path);
  shared.set(path, { at: Date.now(), promise });
  promise.catch(() => shared.delete(path));
  return promise;
}

/** POST, with a JSON body when one is given. */
export function post(path, body) {
  shared.clear();
  if (body === undefined) return request(path, { method: 'POST' });
  const headers = Object.assign(token() ? { Authorization: 'Bearer ' + token() } : {}, { 'Content-Type': 'application/json' });
  return request(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** GET a file (a report's PDF or page) with the token, as a local object URL the browser can open. */
export async function fileUrl(path) {
  const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
  let res;
  try {
    res = await fetch(path, { headers });
  } catch (e) {
    throw new ApiError('the service did not answer (' + e.message + ')', 0);
  }
  if (!res.ok) throw new ApiError('HTTP ' + res.status + ' (' + path + ')', res.status);
  return URL.createObjectURL(await res.blob());
}

/** Builds `path?name=value&...`, leaving out empty values. */
export function url(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? path + '?' + s : path;
}
