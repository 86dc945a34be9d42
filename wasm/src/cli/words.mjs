// The CLI's own words in English and Dutch (the report's texts come from the
// core in the requested language). The verdict, status and subtest names are
// the core catalogue's (core/messages/<lang>.json, values.verdict, .status,
// .subtest; dist/messages/ in the package), which the widget shows too: one
// source. Verdict and status words follow Internet.nl's mail test.
import { readFileSync } from 'node:fs';

const WORDS = {
  en: {
    usage: `Usage:
  daneel check DOMAIN... [--json] [--lang @LANGUAGES@] [--doh URL]... [--trust-anchor FILE] [--timeout SECONDS] [--no-sni-probe] [--quick] [--max-connections N]
  daneel batch FILE --out RESULTS.ndjson [--concurrency N] [--shard I/N] [--summary csv|md] [--input-format text|csv]
               [--per-destination N] [--share-max-age SECONDS] [--share-from EARLIER.ndjson]... [--grading [--max-connections N]] [--progress-every N] [--lang @LANGUAGES@] [--doh URL]... [--trust-anchor FILE] [--timeout SECONDS] [--no-sni-probe]
               (FILE: one domain a line, or a CSV with the columns domain,organisation,type and any others)
  daneel report RESULTS.ndjson [EARLIER.ndjson]... --out REPORT.html [--csv FILE] [--json FILE]
               [--organisations FILE.csv] [--lang @LANGUAGES@] [--progress-every N] [--threads N]
  daneel verify REPORT.json [--json] [--doh URL]... [--trust-anchor FILE]
  daneel --help | --version

Exit codes (check: the worst domain): 0 passed, 1 failed, 2 usage error,
3 could not test, 4 warning, 5 no DANE, 6 no mail (null MX).
verify: 0 the report holds, 1 it differs, 3 no evidence to replay. batch: 0 finished, 130 interrupted.
report: 0 written, 2 usage error or a results file that is no batch output, 7 written and a domain regressed since the previous run.`,
    nxdomain: 'domain does not exist',
    seeAbove: '(see above)',
    columns: ['MX host', 'pref', 'TLSA', 'address', 'STARTTLS', 'TLS', 'DANE', 'verdict'],
    yes: 'yes', no: 'no',
    warnings: 'Warnings',
    grading: 'TLS by the NCSC guidelines (information; --quick leaves it out)',
    duration: (ms) => `checked in ${(ms / 1000).toFixed(1)} s`,
    noHosts: 'no MX hosts to test',
    errorPrefix: 'error',
    verifyOk: 'the report holds: its evidence, replayed, gives the same verdicts',
    verifyDiffers: (n) => `the report's verdicts differ from its replayed evidence in ${n} place(s) (report -> replay):`,
    anchorsDiffer: 'other trust anchors',
    anchorsDifferences: (n) => `${n} verdict(s) of the replay differ for that reason (--json lists them).`,
    cannotVerify: 'cannot verify',
    progress: (done, total, rate) => `${done}${total ? `/${total}` : ''} domains, ${rate.toFixed(1)}/s`,
    badLine: (file, line, why) => `${file}:${line}: skipped: ${why}`,
    batchDone: (done, skipped, bad) => `done: ${done} checked, ${skipped} already in the output, ${bad} bad input lines`,
  },
  nl: {
    usage: `Gebruik:
  daneel check DOMEIN... [--json] [--lang @LANGUAGES@] [--doh URL]... [--trust-anchor BESTAND] [--timeout SECONDEN] [--no-sni-probe] [--quick] [--max-connections N]
  daneel batch BESTAND --out RESULTATEN.ndjson [--concurrency N] [--shard I/N] [--summary csv|md] [--input-format text|csv]
               [--per-destination N] [--share-max-age SECONDEN] [--share-from EERDER.ndjson]... [--grading [--max-connections N]] [--progress-every N] [--lang @LANGUAGES@] [--doh URL]... [--trust-anchor BESTAND] [--timeout SECONDEN] [--no-sni-probe]
               (BESTAND: één domein per regel, of een CSV met de kolommen domain,organisation,type en eventueel andere)
  daneel report RESULTATEN.ndjson [EERDER.ndjson]... --out RAPPORT.html [--csv BESTAND] [--json BESTAND]
               [--organisations BESTAND.csv] [--lang @LANGUAGES@] [--progress-every N] [--threads N]
  daneel verify RAPPORT.json [--json] [--doh URL]... [--trust-anchor BESTAND]
  daneel --help | --version

Afsluitcodes (check: het slechtste domein): 0 geslaagd, 1 niet geslaagd, 2 verkeerd gebruik,
3 kon niet testen, 4 waarschuwing, 5 geen DANE, 6 geen mail (null-MX).
verify: 0 het rapport klopt, 1 het wijkt af, 3 geen bewijs om af te spelen. batch: 0 klaar, 130 onderbroken.
report: 0 geschreven, 2 verkeerd gebruik of een resultatenbestand dat geen batch-uitvoer is, 7 geschreven en een domein is verslechterd sinds de vorige meting.`,
    nxdomain: 'domein bestaat niet',
    seeAbove: '(zie boven)',
    columns: ['MX-host', 'pref', 'TLSA', 'adres', 'STARTTLS', 'TLS', 'DANE', 'oordeel'],
    yes: 'ja', no: 'nee',
    warnings: 'Waarschuwingen',
    grading: 'TLS volgens de NCSC-richtlijnen (informatie; --quick laat het weg)',
    duration: (ms) => `getest in ${(ms / 1000).toFixed(1).replace('.', ',')} s`,
    noHosts: 'geen MX-hosts om te testen',
    errorPrefix: 'fout',
    verifyOk: 'het rapport klopt: het bewijs, opnieuw afgespeeld, geeft dezelfde oordelen',
    verifyDiffers: (n) => `de oordelen van het rapport wijken op ${n} plaats(en) af van het opnieuw afgespeelde bewijs (rapport -> herhaling):`,
    anchorsDiffer: 'andere vertrouwensankers',
    anchorsDifferences: (n) => `${n} oordeel/oordelen van de herhaling wijken daardoor af (--json somt ze op).`,
    cannotVerify: 'kan niet verifiëren',
    progress: (done, total, rate) => `${done}${total ? `/${total}` : ''} domeinen, ${rate.toFixed(1).replace('.', ',')}/s`,
    badLine: (file, line, why) => `${file}:${line}: overgeslagen: ${why}`,
    batchDone: (done, skipped, bad) => `klaar: ${done} getest, ${skipped} stonden al in de uitvoer, ${bad} foute invoerregels`,
  },
};

// The CLI speaks the languages it has words for; the report's languages are
// the core's (core/messages/<lang>.json, the module's build info), and
// wasm/test/languages.test.mjs checks that the two are the same.
export const CLI_LANGUAGES = Object.freeze(Object.keys(WORDS));
const FALLBACK = 'en';
for (const w of Object.values(WORDS)) w.usage = w.usage.replaceAll('@LANGUAGES@', CLI_LANGUAGES.join('|'));
for (const [lang, w] of Object.entries(WORDS)) {
  const { values } = JSON.parse(readFileSync(new URL(`../../dist/messages/${lang}.json`, import.meta.url), 'utf8'));
  for (const table of ['verdict', 'status', 'subtest', 'tls_ncsc']) {
    if (!values?.[table]) throw new Error(`daneel: dist/messages/${lang}.json has no values.${table} (rebuild the package)`);
  }
  Object.assign(w, { verdict: values.verdict, status: values.status, subtest: values.subtest, tlsNcsc: values.tls_ncsc });
}

/** The language: --lang, else the locale (LC_ALL, LC_MESSAGES, LANG starting with a language the CLI speaks, e.g. nl_NL), else English. */
export function pickLanguage(flag, env = process.env) {
  if (flag) return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const code = /^([a-z]{2})([_.@-]|$)/i.exec(locale)?.[1].toLowerCase();
  return CLI_LANGUAGES.includes(code) ? code : FALLBACK;
}

export function words(lang) {
  return WORDS[lang] ?? WORDS[FALLBACK];
}
