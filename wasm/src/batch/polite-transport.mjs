// Per-destination politeness for batch runs: wraps an SMTP transport so that
// at most `perDestination` connections to one address are open at a time,
// across every check sharing the transport (a provider's MX host serving
// thousands of domains is not hit by the whole batch at once). Connections
// beyond the limit wait in a FIFO queue; closing a waiting one removes it.
// The wait counts against the core's connect timeout, which the batch sets
// generously for that reason.

export function createPoliteTransport(inner, { perDestination = 1, maxQueued = 10_000 } = {}) {
  const destinations = new Map();  // "address port" -> {open, queue: [start]}
  const stats = { maxOpenPerDestination: 0, waited: 0, opened: 0 };  // opened: connections made

  function slot(key) {
    let entry = destinations.get(key);
    if (!entry) {
      entry = { open: 0, queue: [] };
      destinations.set(key, entry);
    }
    return entry;
  }

  function release(key) {
    const entry = destinations.get(key);
    entry.open--;
    const next = entry.queue.shift();
    if (next) next();
    else if (entry.open === 0) destinations.delete(key);
  }

  function open(destination, handlers) {
    const key = `${destination.address} ${destination.port}`;
    const entry = slot(key);
    let connection = null;
    let state = 'waiting';  // waiting | open | ended
    const finish = () => {
      if (state === 'ended') return false;
      const held = state === 'open';
      state = 'ended';
      if (held) release(key);
      return true;
    };
    const start = () => {
      if (state !== 'waiting') return;
      state = 'open';
      entry.open++;
      stats.opened++;
      stats.maxOpenPerDestination = Math.max(stats.maxOpenPerDestination, entry.open);
      connection = inner.open(destination, {
        onConnected: () => state === 'open' && handlers.onConnected(),
        onConnectFailed: (reason) => finish() && handlers.onConnectFailed(reason),
        onData: (bytes) => state === 'open' && handlers.onData(bytes),
        onClosed: (reason) => finish() && handlers.onClosed(reason),
      });
    };
    if (entry.open < perDestination) {
      start();
    } else if (entry.queue.length >= maxQueued) {
      state = 'ended';
      queueMicrotask(() => handlers.onConnectFailed(`more than ${maxQueued} connections waiting for ${destination.address}`));
    } else {
      stats.waited++;
      entry.queue.push(start);
    }
    return {
      send(bytes) {
        if (state === 'open') connection.send(bytes);
      },
      close() {
        if (state === 'waiting') {
          state = 'ended';
          entry.queue.splice(entry.queue.indexOf(start), 1);
          if (entry.open === 0 && entry.queue.length === 0) destinations.delete(key);
          return;
        }
        const was = state;
        if (finish() && was === 'open') connection.close();
      },
    };
  }

  return { open, stats, destinations: () => destinations.size };
}
