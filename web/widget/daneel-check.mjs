// <daneel-check>: the STARTTLS + DANE check of a mail domain, as a custom
// element with an open shadow root. The check itself runs in a Web Worker
// (check-worker.mjs), so the page never stutters.
//
// Attributes
//   domain     the mail domain (or e-mail address) in the input
//   lang       "nl" (default) or "en": the widget's words and the report's texts
//   doh        DNS-over-HTTPS servers, space-separated, most preferred first
//              (relative URLs are resolved against the page); default: the package's
//   proxy      the SMTP relay's WebSocket URL (daneel-proxy's /relay; a relative
//              URL is resolved against the page, http -> ws, https -> wss)
//   autostart  check `domain` as soon as the element is connected
//   grading    grade each mail server's TLS by the NCSC guidelines (the package's
//              `grading: true`, off through a relay unless asked; web/README.md)
// Properties
//   report        the last report (docs/CHECK.md), or null; setting one shows it
//   trustAnchors  DS/DNSKEY lines to validate DNSSEC with (default: the root's)
//   state         "idle" | "running" | "done" | "cancelled" | "failed" | "invalid"
// Methods
//   check(domain?)  starts a check of `domain` (default: the input's value)
//   verify(report, {focus}?)  re-judges a report (object or JSON text) offline from its
//                   evidence and shows the outcome above the report; resolves with the
//                   package's VerifyResult (or null when it could not run)
//   cancel()        stops the running check: every connection and request closes
// Events (bubbling, composed)
//   daneel-progress  detail: {phase, domain?, host?, address?, sni?, stepsDone, stepsKnown,
//                    sentence (the status region's, or null), progress (the core's step)}
//   daneel-report    detail: {report}
//   daneel-verify    detail: {result, report}
import { el } from './dom.mjs';
import { format, loadWords, pickLanguage } from './words.mjs';
import { progressFields, progressSentence } from './progress-text.mjs';
import { renderReport } from './render-report.mjs';
import { renderVerification, verificationKind } from './render-verify.mjs';
import { formatters } from './render-details.mjs';

const STATES = Object.freeze(['idle', 'running', 'done', 'cancelled', 'failed', 'invalid']);

// The core refuses input that cannot be a mail domain with this finding code
// (core/src/check/domain_input.cpp), before any DNS query: the widget shows it
// at the input instead of as a result.
const INPUT_INVALID = 'input_invalid';

function relayUrl(value) {
  const url = new URL(value, document.baseURI);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href;
}

let nextCheckId = 1;

/** The later children of a result in groups: a heading with what follows it, each MX host's section on its own. */
function resultGroups(nodes) {
  const groups = [];
  for (const node of nodes) {
    const current = groups.at(-1);
    const headingOnly = current?.length === 1 && current[0].localName === 'h4';
    if (node.localName === 'h4' || (node.localName === 'section' && !headingOnly) || !current) groups.push([node]);
    else current.push(node);
  }
  return groups;
}

// The TLS grading's nodes; its renderer comes with the first graded report (scripts/page-files.mjs).
async function gradingNodes(report, words) {
  if (!report.grading?.subtests?.length) return [];
  try {
    const { renderGrading } = await import('./render-grading.mjs');
    return renderGrading(report, words);
  } catch (error) {
    console.warn(`daneel: no grading shown: ${error.message}`);
    return [];
  }
}

/** Resolves after the next frame has been rendered (or after 100 ms where there are no frames: a hidden tab). */
function nextFrame() {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(fallback); resolve(); }, 0));
  });
}

export class DaneelCheck extends HTMLElement {
  static observedAttributes = ['domain', 'lang', 'doh', 'proxy', 'autostart'];

  #worker = null;
  #checkId = 0;
  #state = 'idle';
  #report = null;
  #verification = null;     // the VerifyResult shown above #report, or null
  #verifyDone = null;       // resolves verify()'s promise
  #focusVerification = false;
  #verifyText = '';
  #words = null;
  #userStarted = false;
  #parts;
  #closedForPrint = [];
  #onBeforePrint;
  #onAfterPrint;
  trustAnchors = undefined;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const stylesheet = el('link', { rel: 'stylesheet', href: new URL('./daneel-check.css', import.meta.url).href });
    const input = el('input', {
      id: 'domain', name: 'domain', type: 'text', inputmode: 'email', spellcheck: 'false',
      autocapitalize: 'none', 'aria-describedby': 'hint',
    });
    const label = el('label', { for: 'domain' });
    const hint = el('p', { id: 'hint', class: 'hint' });
    const error = el('p', { id: 'error', class: 'error' });
    const start = el('button', { type: 'submit', class: 'start' });
    const cancel = el('button', { type: 'button', class: 'cancel', disabled: true });
    const form = el('form', { novalidate: true }, label, hint, el('div', { class: 'row' }, input, start, cancel), error);
    // The one live region: always in the DOM, its text replaced, never removed.
    const status = el('p', { id: 'status', class: 'status', role: 'status' });
    const progress = el('progress', { id: 'progress', max: '1', value: '0', hidden: true });
    const results = el('div', { class: 'results' });
    root.append(stylesheet, el('div', { class: 'widget', part: 'widget' }, form, status, progress, results));
    this.#parts = { input, label, hint, error, start, cancel, form, status, progress, results };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#start(undefined, { byUser: true });
    });
    cancel.addEventListener('click', () => this.cancel());
    // Printed, the result shows every finding opened; the reader's own
    // choice of open and closed findings comes back after printing.
    this.#onBeforePrint = () => {
      this.#closedForPrint = [...results.querySelectorAll('details:not([open])')];
      for (const details of this.#closedForPrint) details.open = true;
    };
    this.#onAfterPrint = () => {
      for (const details of this.#closedForPrint) details.open = false;
      this.#closedForPrint = [];
    };
  }

  get state() { return this.#state; }

  get report() { return this.#report; }

  set report(report) {
    this.#report = report ?? null;
    this.#verification = null;
    this.#showReport();
  }

  connectedCallback() {
    window.addEventListener('beforeprint', this.#onBeforePrint);
    window.addEventListener('afterprint', this.#onAfterPrint);
    this.#applyLanguage().then(() => {
      if (this.hasAttribute('autostart') && this.getAttribute('domain')) this.check();
    });
  }

  disconnectedCallback() {
    window.removeEventListener('beforeprint', this.#onBeforePrint);
    window.removeEventListener('afterprint', this.#onAfterPrint);
    this.cancel();
    this.#worker?.terminate();
    this.#worker = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (name === 'domain') this.#parts.input.value = newValue ?? '';
    else if (name === 'lang' && oldValue !== newValue && this.isConnected) this.#applyLanguage();
  }

  get #lang() { return pickLanguage(this.getAttribute('lang')); }

  async #applyLanguage() {
    const lang = this.#lang;
    const words = await loadWords(lang);
    if (lang !== this.#lang) return;  // changed again meanwhile
    this.#words = words;
    const { label, hint, start, cancel, status, progress } = this.#parts;
    this.shadowRoot.querySelector('.widget').setAttribute('lang', lang);
    label.textContent = words.form.label;
    hint.textContent = words.form.hint;
    start.textContent = words.form.start;
    cancel.textContent = words.form.cancel;
    progress.setAttribute('aria-label', words.status.progress_label);
    if (this.#state === 'idle') status.textContent = words.status.idle;
    // The date and number formatters are made now, while the page is idle,
    // not in the task that shows a result.
    formatters(lang);
    // data-state appears once the words are in: the widget is ready.
    if (!this.dataset.state) this.#setState('idle');
  }

  #options() {
    const options = { lang: this.#lang };
    const doh = (this.getAttribute('doh') ?? '').split(/\s+/).filter(Boolean);
    if (doh.length) options.doh = doh.map((url) => new URL(url, document.baseURI).href);
    const proxy = this.getAttribute('proxy');
    if (proxy) options.proxy = relayUrl(proxy);
    // Only when asked: a relay's allowance is its embedder's to spend (docs/WASM.md).
    if (this.hasAttribute('grading')) options.grading = true;
    if (typeof this.trustAnchors === 'string' && this.trustAnchors.trim()) options.trustAnchors = this.trustAnchors;
    return options;
  }

  #ensureWorker() {
    if (!this.#worker) {
      this.#worker = new Worker(new URL('./check-worker.mjs', import.meta.url), { type: 'module' });
      this.#worker.onmessage = ({ data }) => this.#onWorkerMessage(data);
      this.#worker.onerror = (event) => {
        event.preventDefault();
        this.#worker?.terminate();
        this.#worker = null;
        this.#finish('failed', format(this.#words.status.failed, { message: event.message || 'worker error' }));
      };
    }
    return this.#worker;
  }

  #setState(state) {
    if (!STATES.includes(state)) throw new Error(`unknown state ${state}`);
    this.#state = state;
    this.dataset.state = state;
    this.#parts.cancel.disabled = state !== 'running';
    this.#parts.progress.hidden = state !== 'running';
  }

  #clearInputError() {
    const { input, error } = this.#parts;
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', 'hint');
    error.textContent = '';
  }

  /** Starts a check of `domain` (default: what the input holds). */
  check(domain) {
    return this.#start(domain, { byUser: false });
  }

  // `byUser`: started from the form, so the result heading gets the focus
  // when it arrives (not for autostart: a page load must not move focus).
  async #start(domain, { byUser }) {
    this.#userStarted = byUser;
    if (!this.#words) await this.#applyLanguage();
    const input = domain ?? this.#parts.input.value;
    if (domain !== undefined) this.#parts.input.value = domain;
    if (this.#state === 'running') this.cancel();
    this.#reset();
    this.#ensureWorker().postMessage({ type: 'check', id: this.#checkId, input, options: this.#options() });
  }

  #reset() {
    this.#clearInputError();
    this.#report = null;
    this.#verification = null;
    this.#verifyDone?.(null);
    this.#verifyDone = null;
    this.#parts.results.replaceChildren();
    this.#parts.progress.value = 0;
    // The previous outcome's sentence must not stand while the new run starts;
    // the core's first progress step (or the input error) follows.
    this.#parts.status.textContent = '';
    this.#checkId = nextCheckId++;
    this.#setState('running');
  }

  /**
   * Verifies a report offline (the worker replays its evidence; no network)
   * and shows whether it holds, above the report. `focus`: move the focus to
   * the outcome when it is shown (for a page whose file input started it).
   */
  async verify(report, { focus = false } = {}) {
    if (!this.#words) await this.#applyLanguage();
    if (this.#state === 'running') this.cancel();
    const text = typeof report === 'string' ? report : JSON.stringify(report);
    this.#reset();
    this.#verifyText = text;
    this.#userStarted = false;
    this.#focusVerification = focus;
    this.#parts.status.textContent = this.#words.verify.running;
    const done = new Promise((resolve) => { this.#verifyDone = resolve; });
    this.#ensureWorker().postMessage({ type: 'verify', id: this.#checkId, report: text, options: this.#options() });
    return done;
  }

  /** Stops the running check; the worker aborts it, which closes every connection and request. */
  cancel() {
    if (this.#state !== 'running') return;
    this.#worker?.postMessage({ type: 'cancel', id: this.#checkId });
    this.#checkId = 0;  // whatever the worker still sends for it is ignored
    this.#verifyDone?.(null);
    this.#verifyDone = null;
    this.#finish('cancelled', this.#words.status.cancelled);
  }

  #finish(state, sentence) {
    const cancelHadFocus = this.shadowRoot.activeElement === this.#parts.cancel;
    this.#setState(state);
    this.#parts.status.textContent = sentence;
    // A disabled button loses focus: give it to the input rather than the page.
    if (cancelHadFocus && state !== 'done') this.#parts.input.focus();
  }

  #onWorkerMessage(message) {
    if (!message || message.id !== this.#checkId || this.#state !== 'running') return;
    const words = this.#words;
    if (message.type === 'progress') {
      const { progress } = message;
      const fields = progressFields(progress);
      const sentence = progressSentence(fields, words);
      if (sentence) this.#parts.status.textContent = sentence;
      this.#parts.progress.max = Math.max(fields.stepsKnown, 1);
      this.#parts.progress.value = Math.min(fields.stepsDone, fields.stepsKnown);
      const detail = { ...fields, sentence, progress };
      this.dispatchEvent(new CustomEvent('daneel-progress', { bubbles: true, composed: true, detail }));
    } else if (message.type === 'report') {
      const { report } = message;
      if (report.verdict === 'error' && report.outcome?.code === INPUT_INVALID) {
        this.#showInputError(report.outcome.text);
        return;
      }
      this.#report = report;
      this.#complete(message.id, report);
    } else if (message.type === 'verified') {
      this.#completeVerification(message.id, message.result);
    } else if (message.type === 'cancelled') {
      this.#finish('cancelled', words.status.cancelled);
    } else if (message.type === 'failed') {
      this.#finish('failed', format(words.status.failed, { message: message.error.message }));
      this.#verifyDone?.(null);
      this.#verifyDone = null;
    }
  }

  // The state becomes "done" once the result is on screen, so that whoever
  // waits for it (a test, a script reading data-state) finds it there.
  async #complete(id, report) {
    await this.#showReport();
    if (id !== this.#checkId || this.#state !== 'running') return;  // cancelled or replaced meanwhile
    const words = this.#words;
    this.#finish('done', format(words.status.done, { verdict: words.verdict[report.verdict] ?? report.verdict }));
    if (this.#userStarted) this.#parts.results.querySelector('#result-heading')?.focus();
    this.dispatchEvent(new CustomEvent('daneel-report', { bubbles: true, composed: true, detail: { report } }));
  }

  async #completeVerification(id, result) {
    // Shown below the outcome: the report as it was given, not the replay's.
    let given = null;
    try {
      given = JSON.parse(this.#verifyText);
    } catch {
      given = null;  // the core said why in the result
    }
    this.#verification = result;
    this.#report = given;
    await this.#showReport();
    if (id !== this.#checkId || this.#state !== 'running') return;
    const kind = verificationKind(result);
    this.#finish('done', this.#words.verify[`done_${kind}`]);
    if (this.#focusVerification) this.#parts.results.querySelector('#verify-heading')?.focus();
    this.dispatchEvent(new CustomEvent('daneel-verify', { bubbles: true, composed: true, detail: { result, report: given } }));
    this.#verifyDone?.(result);
    this.#verifyDone = null;
  }

  #showInputError(text) {
    const { input, error } = this.#parts;
    this.#finish('invalid', format(this.#words.status.input_error, { message: text }));
    error.replaceChildren(el('strong', {}, this.#words.form.error_prefix), ' ', text);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', 'error hint');
    input.focus();
  }

  async #showReport() {
    const report = this.#report;
    const verification = this.#verification;
    const { results } = this.#parts;
    const parts = [];
    let section = null;
    // The verification's words are the widget's; the report's are its own language's.
    if (verification) parts.push(renderVerification(verification, this.#words, 'verify-heading'));
    if (report) {
      // The result speaks the report's language: its texts came from the core in that language.
      const lang = pickLanguage(report.lang);
      const words = await loadWords(lang);
      if (report !== this.#report) return;  // replaced meanwhile
      const grading = await gradingNodes(report, words);
      if (report !== this.#report) return;
      section = renderReport(report, words, 'result-heading');
      // After the DANE result, never mixed into it.
      section.append(...grading);
      parts.push(section);
    }
    // A result is a few hundred elements: styled and laid out for the first time in
    // one go they block the main thread for about 50 ms. So the heading, the verdict
    // and the picture come first, then each group of findings in a frame of its own.
    // (Before the first h4: heading, verdict, time and picture, render-report.mjs.)
    const children = section ? [...section.children] : [];
    const first = children.findIndex((node) => node.localName === 'h4');
    const later = first < 0 ? [] : resultGroups(children.slice(first));
    for (const node of later.flat()) node.remove();
    results.replaceChildren(...parts);
    for (const group of later) {
      await nextFrame();
      if (report !== this.#report || verification !== this.#verification) return;  // replaced meanwhile
      section.append(...group);
    }
  }
}

if (!customElements.get('daneel-check')) customElements.define('daneel-check', DaneelCheck);
