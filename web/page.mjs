// The page around <daneel-check>: applies the deployment settings
// (config.json), grades TLS unless the reader ticks the quick check, checks
// the domain of a permalink (?domain=) on load, after
// each result offers the permalink, the JSON report as a download and the
// same domain's test on Internet.nl, and verifies a report file offline. No inline script: the proxy's CSP
// allows only scripts from the page's origin.
import './widget/daneel-check.mjs';

const widget = document.querySelector('daneel-check');
const after = document.getElementById('after-result');
const permalink = document.getElementById('permalink');
const download = document.getElementById('download');
const internetnl = document.getElementById('internetnl');
const otherLanguage = document.getElementById('other-language');
const reportFile = document.getElementById('report-file');
const quickCheck = document.getElementById('quick-check');
let downloadUrl = null;

async function readConfig() {
  const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return response.json();
}

function applyConfig(config) {
  if (Array.isArray(config.doh) && config.doh.length) widget.setAttribute('doh', config.doh.join(' '));
  if (typeof config.proxy === 'string' && config.proxy) widget.setAttribute('proxy', config.proxy);
  if (typeof config.trustAnchors === 'string' && config.trustAnchors) widget.trustAnchors = config.trustAnchors;
}

/** This page's URL for `domain` (?domain=...), the permalink. */
function pageUrlFor(domain, page = location.pathname) {
  const url = new URL(page, location.href);
  url.search = new URLSearchParams({ domain }).toString();
  return url;
}

function showAfterResult(report) {
  const domain = report.domain || report.input;
  const url = pageUrlFor(domain);
  history.replaceState(null, '', url);
  permalink.href = url.href;
  permalink.textContent = url.href;
  otherLanguage.href = pageUrlFor(domain, otherLanguage.dataset.page).href;

  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
  download.href = downloadUrl;
  const day = new Date(report.timing?.started_at ?? Date.now()).toISOString().slice(0, 10);
  download.download = `daneel-${domain}-${day}.json`;

  internetnl.href = internetnl.dataset.hrefTemplate.replace('{domain}', encodeURIComponent(domain));
  after.hidden = false;
}

widget.addEventListener('daneel-report', (event) => showAfterResult(event.detail.report));

// The page grades TLS by default (the widget's grading attribute); the quick check leaves it out.
function applyQuickCheck() {
  widget.toggleAttribute('grading', !quickCheck.checked);
}
quickCheck.addEventListener('change', applyQuickCheck);
applyQuickCheck();  // a ticked box the browser restored

// "Verify a report": the file is read here and verified in the widget's
// worker, offline; the outcome is shown in the widget and gets the focus.
reportFile.addEventListener('change', async () => {
  const [file] = reportFile.files;
  if (file) widget.verify(await file.text(), { focus: true });
});
// The links belong to the result on screen: any other state of the widget
// (a new check, an input error, Stop) hides them.
new MutationObserver(() => {
  if (widget.dataset.state !== 'done') after.hidden = true;
}).observe(widget, { attributes: true, attributeFilter: ['data-state'] });

// ?theme=NAME: a theme built into themes/NAME.css (scripts/stage-site builds
// the NL Design System's Voorbeeld theme as themes/voorbeeld.css), applied the
// NL Design System way: its class on an ancestor; the widget's tokens inherit
// into its shadow root. data-theme tells that the stylesheet is in.
function applyTheme(name) {
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(name ?? '')) return;
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `themes/${name}.css` });
  link.addEventListener('load', () => { document.documentElement.dataset.theme = name; });
  link.addEventListener('error', () => {
    document.documentElement.classList.remove(`${name}-theme`);
    console.warn(`daneel: no theme ${name}`);
  });
  document.documentElement.classList.add(`${name}-theme`);
  document.head.append(link);
}
applyTheme(new URLSearchParams(location.search).get('theme'));

try {
  applyConfig(await readConfig());
} catch (error) {
  // Without its settings the page still works with the package's defaults.
  console.warn(`daneel: ${error.message}`);
}
const domain = new URLSearchParams(location.search).get('domain');
if (domain) widget.check(domain);
