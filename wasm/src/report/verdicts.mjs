// The values the report is organised by: the report's `summary.dane` words
// (docs/CHECK.md, "Summary for scripts"), best first, and which changes
// between two runs count as an improvement or a regression.

/** summary.dane, in the order tables and charts list them. */
export const DANE = Object.freeze({
  PASS: 'pass', PARTIAL: 'partial', NONE: 'none', FAIL: 'fail', BOGUS: 'bogus', NO_MAIL: 'no_mail', ERROR: 'error',
});
export const DANE_ORDER = Object.freeze([DANE.PASS, DANE.PARTIAL, DANE.NONE, DANE.FAIL, DANE.BOGUS, DANE.NO_MAIL, DANE.ERROR]);

/** summary.tls_ncsc (schema 1.5): the domain's TLS by the NCSC guidelines, best first. */
export const TLS = Object.freeze({
  MEETS: 'meets', PHASE_OUT: 'phase_out', INSUFFICIENT: 'insufficient', NOT_TESTED: 'not_tested', NOT_GRADED: 'not_graded',
});
export const TLS_ORDER = Object.freeze([TLS.MEETS, TLS.PHASE_OUT, TLS.INSUFFICIENT, TLS.NOT_TESTED, TLS.NOT_GRADED]);

// How well mail to a domain is protected, for comparing runs. No DANE at all
// ranks above broken DANE: a failing or bogus domain makes DANE senders defer
// its mail, one without DANE still gets it (unauthenticated). `no_mail` and
// `error` have no rank: a change to or from them is neither better nor worse
// (the domain stopped receiving mail, or could not be tested).
const RANK = Object.freeze({ [DANE.PASS]: 4, [DANE.PARTIAL]: 3, [DANE.NONE]: 2, [DANE.FAIL]: 1, [DANE.BOGUS]: 0 });

export const CHANGE = Object.freeze({ IMPROVED: 'improved', REGRESSED: 'regressed', SAME: 'same', UNRANKED: 'unranked' });

/** How `after` compares with `before` (two summary.dane words). */
export function change(before, after) {
  if (!(before in RANK) || !(after in RANK)) return before === after ? CHANGE.SAME : CHANGE.UNRANKED;
  if (RANK[after] > RANK[before]) return CHANGE.IMPROVED;
  if (RANK[after] < RANK[before]) return CHANGE.REGRESSED;
  return CHANGE.SAME;
}

/** Subtest statuses counted as failing, and those an organisation is told to act on. */
export const FAILING_STATUSES = Object.freeze(['failed', 'error']);
export const ACTION_STATUSES = Object.freeze(['failed', 'error', 'warning']);

/** MX host verdicts (docs/CHECK.md, "Verdicts"), worst first, for a provider's status per domain. */
export const HOST_ORDER = Object.freeze(['fail', 'no-dane', 'not_tested', 'skipped', 'pass']);
