// Helpers for the relay's black-box tests (relay.test.mjs): start the built
// daneel-proxy, open /relay WebSockets with chosen headers and source
// addresses, read SMTP over them, and a local SMTP sink that records every
// byte it receives. Every wait has a time limit.
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const proxyBin = process.env.DANEEL_PROXY_BIN
  ? path.resolve(process.env.DANEEL_PROXY_BIN)
  : path.join(repoRoot, 'build', 'native', 'proxy', 'daneel-proxy');

export const STARTUP_MS = 10_000;  // sanitizer builds start slowly
export const STEP_MS = 5_000;

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts the proxy on 127.0.0.1:0; resolves once it printed its port.
export async function startProxy(webRoot, args = []) {
  const child = spawn(proxyBin, ['--listen', '127.0.0.1:0', '--web-root', webRoot, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const port = await withTimeout(new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      const m = /^listening on 127\.0\.0\.1:(\d+)$/.exec(stdout.split('\n')[0]);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`unexpected first line: ${JSON.stringify(stdout)}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`proxy exited early (${code}): ${stderr}`)));
  }), STARTUP_MS, 'proxy startup');
  return { child, port, base: `http://127.0.0.1:${port}`, stderr: () => stderr };
}

// SIGTERM, then the exit status and how long the stop took (SIGKILL after `ms`).
export async function stopProxy(proxy, ms = 5_000) {
  const { child } = proxy;
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode, ms: 0 };
  const t0 = Date.now();
  // 'close' rather than 'exit': it also waits for the end of stdout and stderr.
  const closed = once(child, 'close');
  child.kill('SIGTERM');
  try {
    const [code, signal] = await withTimeout(closed, ms, 'proxy stop');
    return { code, signal, ms: Date.now() - t0 };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

// The relay's JSON session lines from a proxy's stderr.
export function sessionLines(stderr) {
  return stderr.split('\n').filter((l) => l.startsWith('{"event":"relay_session"')).map((l) => JSON.parse(l));
}

export function relayQuery({ domain, mx, ip }) {
  return new URLSearchParams({ domain, mx, ip }).toString();
}

// One /relay WebSocket. `rx` collects binary bytes (until `pipe()` hands
// them to a Duplex for TLS), `texts` the text frames.
export function openRelay(port, query, { origin, headers = {}, localAddress } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/relay?${query}`, {
    origin, headers, localAddress, handshakeTimeout: STEP_MS,
  });
  const c = { ws, rx: Buffer.alloc(0), texts: [], events: new EventEmitter(), duplex: null, close: null };
  c.events.setMaxListeners(50);
  ws.on('upgrade', (res) => { c.upgradeHeaders = res.headers; });
  c.opened = new Promise((resolve) => {
    ws.on('open', () => resolve({ ok: true }));
    ws.on('unexpected-response', (req, res) => {
      resolve({ ok: false, status: res.statusCode });
      res.resume();
      req.destroy();
    });
    ws.on('error', (error) => resolve({ ok: false, error }));
  });
  c.closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => {
      c.close = { code, reason: reason.toString() };
      c.duplex?.push(null);
      c.events.emit('change');
      resolve(c.close);
    });
  });
  ws.on('message', (data, isBinary) => {
    if (!isBinary) c.texts.push(data.toString());
    else if (c.duplex) c.duplex.push(data);
    else c.rx = Buffer.concat([c.rx, data]);
    c.events.emit('change');
  });
  return c;
}

// Resolves when `predicate()` holds (checked after every frame and the close).
export function waitFor(c, predicate, what, ms = STEP_MS) {
  return withTimeout(new Promise((resolve, reject) => {
    const check = () => {
      let value;
      try { value = predicate(); } catch (e) { c.events.off('change', check); reject(e); return; }
      if (value) {
        c.events.off('change', check);
        resolve(value);
      } else if (c.close) {
        c.events.off('change', check);
        reject(new Error(`closed (${c.close.code} ${c.close.reason}) while waiting for ${what}; got ${JSON.stringify(c.rx.toString('latin1'))}`));
      }
    };
    c.events.on('change', check);
    check();
  }), ms, what);
}

// The `connected {json}` frame, parsed.
export async function connected(c) {
  const text = await waitFor(c, () => c.texts.find((t) => t.startsWith('connected ')), 'the connected frame');
  return JSON.parse(text.slice('connected '.length));
}

// Waits for a complete SMTP reply with `code` in c.rx (after `from` bytes);
// returns its text and the offset after it.
export async function reply(c, code, from = 0) {
  const re = new RegExp(`(^|\\r\\n)${code} [^\\r\\n]*\\r\\n`);
  await waitFor(c, () => re.test(c.rx.subarray(from).toString('latin1')), `SMTP reply ${code}`);
  const text = c.rx.subarray(from).toString('latin1');
  const m = re.exec(text);
  return { text: text.slice(0, m.index + m[0].length), end: from + m.index + m[0].length };
}

export function send(c, text) {
  c.ws.send(Buffer.from(text, 'latin1'), { binary: true });
}

// From now on binary frames feed a Duplex (for node:tls) instead of c.rx.
export function pipe(c) {
  c.duplex = new Duplex({
    read() {},
    write(chunk, _encoding, callback) {
      c.ws.send(chunk, { binary: true }, callback);
    },
  });
  return c.duplex;
}

export async function closedWith(c, what, ms = STEP_MS) {
  return withTimeout(c.closed, ms, `close: ${what}`);
}

// An SMTP sink on several loopback addresses, one port: it greets with
// `greeting` (after `greetDelayMs`), answers EHLO with `ehloReply`, STARTTLS with 220, QUIT with
// 221 and a close, anything else with 250, and records what each connection
// received.
export async function startSink(addresses) {
  const sink = { port: 0, connections: [], greetDelayMs: 0, servers: [], greeting: '220 sink.test ESMTP\r\n',
    ehloReply: '250-sink.test\r\n250 STARTTLS\r\n' };
  const handle = (socket) => {
    const record = { local: socket.localAddress, data: '', socket, ended: false };
    sink.connections.push(record);
    socket.on('error', () => {});
    socket.on('end', () => { record.ended = true; });
    let line = '';
    const greeting = sink.greeting;
    const ehloReply = sink.ehloReply;
    const greet = () => { if (!socket.destroyed) socket.write(greeting); };
    if (sink.greetDelayMs > 0) setTimeout(greet, sink.greetDelayMs); else greet();
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      record.data += text;
      line += text;
      let i;
      while ((i = line.indexOf('\r\n')) >= 0) {
        const command = line.slice(0, i).toUpperCase();
        line = line.slice(i + 2);
        if (command.startsWith('EHLO')) socket.write(ehloReply);
        else if (command === 'STARTTLS') socket.write('220 go ahead\r\n');
        else if (command === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  };
  for (const address of addresses) {
    const server = net.createServer(handle);
    server.listen(sink.port, address);
    await withTimeout(once(server, 'listening'), STEP_MS, `sink on ${address}`);
    sink.port = server.address().port;
    sink.servers.push(server);
  }
  sink.received = (address) => sink.connections.filter((r) => r.local === address).map((r) => r.data);
  sink.records = (address) => sink.connections.filter((r) => r.local === address);
  sink.close = async () => {
    for (const r of sink.connections) r.socket.destroy();
    await Promise.all(sink.servers.map((s) => new Promise((resolve) => s.close(resolve))));
  };
  return sink;
}
