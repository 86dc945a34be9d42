// The report's own words in English and Dutch (the how-to-fix texts come
// from the core's catalogue, the subtest names and NCSC TLS words from the
// CLI's words, which are the catalogue's).
import { words as cliWords } from '../cli/words.mjs';

const WORDS = {
  en: {
    title: 'STARTTLS and DANE for mail: measurement report',
    intro: (total, time) => `${total} mail domains, checked on ${time}. Shares are of all domains in the list.`,
    dane: {
      pass: 'DANE on every mail server', partial: 'DANE on some mail servers', none: 'no DANE',
      fail: 'DANE fails', bogus: 'DNSSEC broken', no_mail: 'receives no mail', error: 'could not test',
    },
    host: { pass: 'DANE passes', fail: 'fails', 'no-dane': 'no DANE', not_tested: 'not tested', skipped: 'no address' },
    noType: '(no type)',
    headline: 'Domains per DANE verdict',
    byType: 'Per type of organisation',
    tls: 'TLS by the NCSC guidelines',
    tlsIntro: (graded, total) => `The mail servers' TLS graded by the NCSC TLS guidelines (the worst of every address of every MX host), for ${graded} of the ${total} domains: a batch grades only with --grading.`,
    tlsNone: 'No domain was graded: the batch ran without --grading (or before daneel reported it).',
    allDomains: 'all domains',
    failing: 'Most common failing subtests',
    failingNone: 'No subtest failed.',
    providers: 'Mail providers',
    providersIntro: (shown, total) => `MX hosts grouped by registrable domain, ranked by the number of domains they serve (${shown} of ${total}). Fixing one provider fixes all its domains.`,
    trend: 'Trend over the runs',
    trendNone: 'Give earlier results files to see the trend and the changes.',
    tlsTrend: 'TLS by the NCSC guidelines over the runs',
    changes: (previous) => `Changes since the previous run (${previous})`,
    improved: 'Improved',
    regressed: 'Regressed',
    noneListed: 'none',
    chartTable: 'The chart\'s data',
    col: {
      verdict: 'verdict', domains: 'domains', percent: '%', type: 'type', total: 'domains', subtest: 'subtest',
      finding: 'finding', fix: 'how to fix', provider: 'provider', hosts: 'MX hosts', passPercent: 'DANE passes %',
      run: 'run', date: 'date', domain: 'domain', organisation: 'organisation', before: 'before', after: 'after',
    },
    generated: (when) => `Made by daneel report on ${when}. The checks' full reports are in the results files.`,
    progress: (file, lines) => `${file}: ${lines} lines read`,
    written: (file) => `written: ${file}`,
    regressions: (n) => `${n} domain(s) regressed since the previous run`,
  },
  nl: {
    title: 'STARTTLS en DANE voor mail: meetrapport',
    intro: (total, time) => `${total} maildomeinen, getest op ${time}. Aandelen zijn van alle domeinen in de lijst.`,
    dane: {
      pass: 'DANE op elke mailserver', partial: 'DANE op een deel van de mailservers', none: 'geen DANE',
      fail: 'DANE faalt', bogus: 'DNSSEC kapot', no_mail: 'ontvangt geen mail', error: 'kon niet testen',
    },
    host: { pass: 'DANE geslaagd', fail: 'niet geslaagd', 'no-dane': 'geen DANE', not_tested: 'niet getest', skipped: 'geen adres' },
    noType: '(geen type)',
    headline: 'Domeinen per DANE-oordeel',
    byType: 'Per soort organisatie',
    tls: 'TLS volgens de NCSC-richtlijnen',
    tlsIntro: (graded, total) => `De TLS van de mailservers beoordeeld volgens de NCSC-TLS-richtlijnen (het slechtste van elk adres van elke MX-host), voor ${graded} van de ${total} domeinen: een batch beoordeelt alleen met --grading.`,
    tlsNone: 'Geen domein is beoordeeld: de batch liep zonder --grading (of voordat daneel het rapporteerde).',
    allDomains: 'alle domeinen',
    failing: 'Meest voorkomende niet-geslaagde subtests',
    failingNone: 'Geen enkele subtest is niet geslaagd.',
    providers: 'Mailproviders',
    providersIntro: (shown, total) => `MX-hosts gegroepeerd per registreerbaar domein, gerangschikt naar het aantal domeinen dat ze bedienen (${shown} van ${total}). Eén provider repareren repareert al zijn domeinen.`,
    trend: 'Verloop over de metingen',
    trendNone: 'Geef eerdere resultatenbestanden mee voor het verloop en de veranderingen.',
    tlsTrend: 'TLS volgens de NCSC-richtlijnen over de metingen',
    changes: (previous) => `Veranderingen sinds de vorige meting (${previous})`,
    improved: 'Verbeterd',
    regressed: 'Verslechterd',
    noneListed: 'geen',
    chartTable: 'De gegevens van de grafiek',
    col: {
      verdict: 'oordeel', domains: 'domeinen', percent: '%', type: 'soort', total: 'domeinen', subtest: 'subtest',
      finding: 'bevinding', fix: 'oplossing', provider: 'provider', hosts: 'MX-hosts', passPercent: 'DANE geslaagd %',
      run: 'meting', date: 'datum', domain: 'domein', organisation: 'organisatie', before: 'voor', after: 'na',
    },
    generated: (when) => `Gemaakt door daneel report op ${when}. De volledige rapporten van de tests staan in de resultatenbestanden.`,
    progress: (file, lines) => `${file}: ${lines} regels gelezen`,
    written: (file) => `geschreven: ${file}`,
    regressions: (n) => `${n} domein(en) verslechterd sinds de vorige meting`,
  },
};

export const REPORT_LANGUAGES = Object.freeze(Object.keys(WORDS));

export function reportWords(lang) {
  const w = WORDS[lang] ?? WORDS.en;
  const cli = cliWords(lang);
  return { ...w, subtest: cli.subtest, tlsNcsc: cli.tlsNcsc, lang: WORDS[lang] ? lang : 'en' };
}
