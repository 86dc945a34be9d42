// One finding of the result, for the DANE result and the TLS grading alike.
import { el } from './dom.mjs';
import { toneIcon } from './tones.mjs';

/** One expandable finding: summary = icon + status word + name; body = explanation, details, fix. */
export function finding({ tone, statusWord, name, note, details, words, data = {} }) {
  const body = [];
  if (note?.text) body.push(el('h5', {}, words.result.explanation), el('p', {}, note.text));
  if (details) body.push(el('h5', {}, words.result.details), details);
  if (note?.fix) body.push(el('h5', {}, words.result.fix), el('p', { class: 'fix' }, note.fix));
  return el('li', { class: `finding tone-${tone}`, 'data-tone': tone, ...data },
    el('details', {},
      el('summary', {},
        toneIcon(tone),
        el('span', { class: 'status-word' }, statusWord),
        el('span', { class: 'finding-name' }, name)),
      el('div', { class: 'finding-body' }, body)));
}
