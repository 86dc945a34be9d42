// DNS over HTTPS (RFC 8484) over fetch: moves the bytes of the DohExchange
// actions the core emits. POST with application/dns-message; a server that
// answers 405 or 415 to POST is asked again with GET (?dns=base64url) and
// remembered as GET-only. Each request has its own timeout and can be
// cancelled; failures come back as short reasons for the core's report.

const MEDIA_TYPE = 'application/dns-message';
const MAX_BODY = 65535;

function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function dohGetUrl(url, body) {
  return `${url}${url.includes('?') ? '&' : '?'}dns=${base64url(body)}`;
}

export class DohFailure extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'DohFailure';
  }
}

/**
 * A DoH client. `fetch` defaults to the platform's; `timeoutMs` bounds one
 * HTTP exchange (the core has its own, usually shorter, attempt timeout and
 * cancels first; this one is the driver's safety net).
 */
export function createDohClient({ fetch = globalThis.fetch, timeoutMs = 10_000 } = {}) {
  const getOnly = new Set();  // servers that refused POST

  async function once(method, url, body, signal) {
    const init = { method, headers: { accept: MEDIA_TYPE }, signal, redirect: 'error', cache: 'no-store' };
    let target = url;
    if (method === 'POST') {
      init.headers['content-type'] = MEDIA_TYPE;
      init.body = body;
    } else if (body.length > 0 && !/[?&]dns=/.test(url)) {
      target = dohGetUrl(url, body);
    }
    const response = await fetch(target, init);
    const data = new Uint8Array(await response.arrayBuffer());
    if (data.length > MAX_BODY) throw new DohFailure(`response body of ${data.length} octets from ${url}`);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: data };
  }

  /**
   * Performs one exchange: `{method, url, body}` as the core asked.
   * Resolves with `{status, contentType, body}` for any HTTP response;
   * rejects with DohFailure(reason) when none came (network, timeout, cancel).
   */
  async function exchange({ method, url, body }, { signal } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DohFailure(`no response within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => controller.abort(new DohFailure('cancelled'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const origin = method === 'POST' ? url : url.split('?')[0];
    try {
      if (method === 'POST' && !getOnly.has(origin)) {
        const response = await once('POST', url, body, controller.signal);
        if (response.status !== 405 && response.status !== 415) return response;
        getOnly.add(origin);
      }
      return await once('GET', url, body, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) {
        const reason = controller.signal.reason;
        throw reason instanceof DohFailure ? reason : new DohFailure('cancelled');
      }
      if (error instanceof DohFailure) throw error;
      const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
      throw new DohFailure(`${url}: ${cause}`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return { exchange };
}
