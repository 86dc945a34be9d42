// A small DNS-over-HTTPS server for the relay's verification tests (RFC 8484
// over plain HTTP/1.1 on loopback): real HTTP and real DNS wire messages,
// with answers the test sets and changes while the proxy runs (an MX that
// changes between the check's lookup and the relay's, a null MX, SERVFAIL).
// It answers POST and GET ?dns=, counts the questions it was asked, and
// serves only names the test put in its table (NXDOMAIN, with an SOA, for
// the rest; NODATA with an SOA for other types of a known name).
import http from 'node:http';
import { once } from 'node:events';

const TYPES = { A: 1, MX: 15, AAAA: 28, CNAME: 5, SOA: 6 };
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };
const MAX_QUERY = 512;

function encodeName(name) {
  const parts = [];
  for (const label of name.replace(/\.$/, '').split('.').filter(Boolean)) {
    const bytes = Buffer.from(label, 'ascii');
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function u16(n) { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }
function u32(n) { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }

function ipv4(text) { return Buffer.from(text.split('.').map(Number)); }
function ipv6(text) {
  const [head, tail] = text.split('::');
  const groups = (s) => (s ? s.split(':') : []);
  const h = groups(head); const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(all.map((g) => u16(parseInt(g, 16))));
}

function rdataOf(type, value) {
  switch (type) {
    case 'A': return ipv4(value);
    case 'AAAA': return ipv6(value);
    case 'MX': return Buffer.concat([u16(value[0]), encodeName(value[1])]);
    case 'CNAME': return encodeName(value);
    default: throw new Error(`doh-stub: no rdata encoder for ${type}`);
  }
}

function record(owner, type, ttl, rdata) {
  return Buffer.concat([encodeName(owner), u16(TYPES[type]), u16(1), u32(ttl), u16(rdata.length), rdata]);
}

function soa(zone, ttl) {
  const rdata = Buffer.concat([encodeName(`ns.${zone}`), encodeName(`hostmaster.${zone}`),
    u32(1), u32(3600), u32(600), u32(86400), u32(ttl)]);
  return record(zone, 'SOA', ttl, rdata);
}

// The question of a query: {name, type, end} (end: the offset after it).
function parseQuestion(query) {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return null;
  let at = 12;
  const labels = [];
  while (at < query.length) {
    const len = query[at];
    if (len === 0) break;
    if (len > 63) return null;
    labels.push(query.subarray(at + 1, at + 1 + len).toString('ascii').toLowerCase());
    at += 1 + len;
  }
  if (at + 5 > query.length) return null;
  return { name: labels.join('.'), type: query.readUInt16BE(at + 1), end: at + 5 };
}

export async function startDohStub() {
  // name -> { rcode?, ttl, records: { TYPE: [values] } }
  const zone = new Map();
  const asked = [];
  let down = false;
  let api;

  function respond(query) {
    const q = parseQuestion(query);
    if (!q) return null;
    asked.push(`${q.name} ${Object.keys(TYPES).find((k) => TYPES[k] === q.type) ?? q.type}`);
    const entry = zone.get(q.name);
    const typeName = Object.keys(TYPES).find((k) => TYPES[k] === q.type);
    let rcode = RCODES.NOERROR;
    const answers = [];
    const authority = [];
    const apex = q.name.split('.').slice(-2).join('.');
    if (!entry) {
      rcode = RCODES.NXDOMAIN;
      authority.push(soa(apex, 60));
    } else if (entry.rcode) {
      rcode = RCODES[entry.rcode];
    } else {
      for (const target of entry.records.CNAME ?? []) answers.push(record(q.name, 'CNAME', entry.ttl, rdataOf('CNAME', target)));
      for (const value of (typeName && entry.records[typeName]) || []) {
        answers.push(record(q.name, typeName, entry.ttl, rdataOf(typeName, value)));
      }
      if (answers.length === 0) authority.push(soa(apex, entry.ttl));
    }
    const flags = 0x8000 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode;  // QR, RD copied, RA
    const header = Buffer.concat([u16(query.readUInt16BE(0)), u16(flags), u16(1), u16(answers.length),
      u16(authority.length), u16(0)]);
    return Buffer.concat([header, query.subarray(12, q.end), ...answers, ...authority]);
  }

  const server = http.createServer((req, res) => {
    if (down) { req.socket.destroy(); return; }
    const send = (query) => {
      const body = query && respond(query);
      if (!body) { res.writeHead(400).end(); return; }
      const answer = () => res.writeHead(200, { 'content-type': 'application/dns-message', 'content-length': body.length })
        .end(body);
      if (api.delayMs > 0) setTimeout(answer, api.delayMs); else answer();
    };
    const url = new URL(req.url, 'http://stub');
    if (url.pathname !== '/dns-query') { res.writeHead(404).end(); return; }
    if (req.method === 'GET') { send(Buffer.from(url.searchParams.get('dns') ?? '', 'base64url')); return; }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => { size += c.length; if (size <= MAX_QUERY) chunks.push(c); });
    req.on('end', () => send(size <= MAX_QUERY ? Buffer.concat(chunks) : null));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  api = {
    url: `http://127.0.0.1:${port}/dns-query`,
    asked,
    delayMs: 0,  // each answer waits this long (to hold lookups in flight)
    /** Sets `name`'s records, e.g. {MX: [[10, 'mx.a.test']], A: ['127.0.0.5']}; ttl in seconds. */
    set(name, records, { ttl = 60 } = {}) { zone.set(name, { records, ttl }); },
    /** Makes every question about `name` end with `rcode` ('SERVFAIL', 'REFUSED'). */
    fail(name, rcode) { zone.set(name, { rcode, records: {}, ttl: 0 }); },
    /** From now on, every request's connection is dropped without an answer. */
    goDown() { down = true; },
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return api;
}
