// The words the widget shares with the CLI (verdict, status and subtest
// names) and the DNSSEC words of the details come from the core's catalogue
// (core/messages/<lang>.json, values), the one source for them; the widget's
// own file (words/<lang>.json) has the rest. No browser API here: the tests
// merge the same way.

/** The widget's words for one language: its own, plus the catalogue's tables. */
export function withCatalogue(words, catalogue) {
  const values = catalogue?.values ?? {};
  for (const table of ['verdict', 'status', 'subtest']) {
    if (typeof values[table] !== 'object' || values[table] === null) throw new Error(`the catalogue of ${words.lang} has no values.${table}`);
  }
  // The TLS grading's words (render-grading.mjs).
  const grading = { tls_ncsc: values.tls_ncsc, stop: values.grading_stop, rating: values.rating, ssl3: values.ssl3 };
  return { ...words, verdict: values.verdict, status_word: values.status, subtest: values.subtest, security: values.security ?? {}, catalogue_grading: grading };
}
