// Exit codes of `daneel check` (documented in the usage text and docs/WASM.md).
// Several domains: the code of the worst one, in SEVERITY order.
// `daneel report` adds `regression`: a domain is worse than in the previous
// run, so that a scheduled measurement can alert (docs/MEASURING.md).

export const EXIT = Object.freeze({
  pass: 0, fail: 1, usage: 2, error: 3, warn: 4, 'no-dane': 5, 'no-mail': 6, regression: 7,
});

// Worst first: a definite failure outranks "could not test", which outranks
// the softer verdicts.
const SEVERITY = ['fail', 'error', 'no-dane', 'warn', 'no-mail', 'pass'];

/** The exit code for a list of domain verdicts (unknown verdicts count as "error"). */
export function exitCodeFor(verdicts) {
  let worst = SEVERITY.length - 1;
  for (const verdict of verdicts) {
    const rank = SEVERITY.indexOf(verdict);
    worst = Math.min(worst, rank === -1 ? SEVERITY.indexOf('error') : rank);
  }
  return EXIT[SEVERITY[worst]];
}
