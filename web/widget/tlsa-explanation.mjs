// Why a TLSA record did or did not authenticate the server, in the widget's
// language. The report's `explanation` of a record is one English sentence
// made by the core (core/src/dane/match.cpp); the widget says the same from
// the record's typed fields (usable, in_force, authenticates,
// matching_depths, the usage and selector of `record`). Where the core's
// sentence holds more than those fields (why a chain or a name failed, why a
// record is unusable, a key that cannot verify), it follows as the
// technical detail, marked as English.

const usageOf = (record) => Number(String(record.record).split(/\s+/)[0]);
const selectorOf = (record) => Number(String(record.record).split(/\s+/)[1]);

/** {key, params, technical}: which sentence of words.detail.tlsa_match, and whether the core's text adds to it. */
export function classifyTlsaRecord(record) {
  const depths = Array.isArray(record.matching_depths) ? record.matching_depths : [];
  const issuerDepth = depths.find((depth) => depth > 0);
  if (!record.usable) return { key: 'unusable', params: { parameters: record.parameters }, technical: true };
  if (usageOf(record) === 3) {
    if (record.authenticates) return { key: 'ee_leaf', params: { selector: selectorOf(record) }, technical: false };
    if (issuerDepth !== undefined) return { key: 'ee_not_leaf', params: { depth: issuerDepth }, technical: false };
    return { key: 'no_match', params: {}, technical: false };
  }
  // DANE-TA(2): the only other usage that is usable for SMTP (RFC 7672 §3.1).
  if (record.authenticates) {
    return issuerDepth !== undefined
      ? { key: 'ta_ok', params: { depth: issuerDepth }, technical: false }
      : { key: 'ta_ok_key', params: {}, technical: false };
  }
  if (issuerDepth !== undefined) return { key: 'ta_failed', params: { depth: issuerDepth }, technical: true };
  if (depths.length === 1 && depths[0] === 0) return { key: 'ta_leaf', params: {}, technical: false };
  return { key: 'ta_no_issuer', params: {}, technical: true };
}

/** {text, technical}: the sentence in `words`' language, and the core's sentence when it says more (else null). */
export function tlsaExplanation(record, words, format) {
  const w = words.detail.tlsa_match;
  const { key, params, technical } = classifyTlsaRecord(record);
  const what = params.selector === 0 ? w.certificate : w.public_key;
  let text = format(w[key], { ...params, what });
  if (record.in_force === false) text += `; ${w.not_in_force}`;
  return { text, technical: technical && record.explanation ? record.explanation : null };
}
