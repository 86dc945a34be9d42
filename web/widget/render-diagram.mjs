// The picture of a result: the domain, its MX hosts and each host's
// addresses as a tree, each node labelled with its name and its status word
// and drawn in its tone (the word carries the meaning; colour repeats it).
// SVG with a text equivalent: the <figure>'s caption says what the tree
// shows in one sentence and the SVG's <title> lists every node in order.
import { el } from './dom.mjs';
import { format } from './words.mjs';
import { toneIcon, verdictTone } from './tones.mjs';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 36;        // px from one node to the next
const INDENT = 28;     // px per level
const HEIGHT = 28;     // node box
const CHAR = 8.2;      // px per character at the diagram's font size (generous: boxes never clip)

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/** The nodes in reading order: {level, name, verdict, parent (index)}. */
function treeNodes(report) {
  const nodes = [{ level: 0, name: report.domain_unicode || report.domain, verdict: report.verdict, parent: -1 }];
  for (const host of report.hosts ?? []) {
    const hostIndex = nodes.length;
    nodes.push({ level: 1, name: host.name, verdict: host.verdict, parent: 0 });
    for (const address of host.addresses ?? []) {
      nodes.push({ level: 2, name: address.address, verdict: address.verdict, parent: hostIndex });
    }
  }
  return nodes;
}

/** A <figure> with the tree, or null when the report has no MX host to draw. */
export function renderDiagram(report, words) {
  if (!report.hosts?.length) return null;
  const nodes = treeNodes(report);
  const label = (node) => `${node.name}: ${words.verdict[node.verdict] ?? node.verdict}`;
  const widths = nodes.map((node) => Math.ceil(label(node).length * CHAR) + 36);
  const width = Math.max(...nodes.map((node, i) => node.level * INDENT + widths[i])) + 2;
  const height = nodes.length * ROW;

  const title = svg('title', {}, nodes.map((node) => `${'  '.repeat(node.level)}${label(node)}`).join('; '));
  const edges = svg('g', { class: 'edges' });
  const boxes = svg('g', { class: 'nodes' });
  nodes.forEach((node, i) => {
    const x = node.level * INDENT + 1;
    const y = i * ROW + 1;
    if (node.parent >= 0) {
      const parentX = nodes[node.parent].level * INDENT + 1 + 14;
      const parentY = node.parent * ROW + 1 + HEIGHT;
      edges.append(svg('path', { d: `M${parentX} ${parentY} V${y + HEIGHT / 2} H${x}` }));
    }
    const tone = verdictTone(node.verdict);
    const icon = toneIcon(tone);
    for (const [name, value] of Object.entries({ x: x + 6, y: y + 6, width: 16, height: 16 })) icon.setAttribute(name, value);
    boxes.append(svg('g', { class: `node tone-${tone}` },
      svg('rect', { x, y, width: widths[i], height: HEIGHT, rx: 4 }),
      icon,
      svg('text', { x: x + 28, y: y + HEIGHT / 2 }, label(node))));
  });

  const hosts = report.hosts.length;
  const addresses = report.hosts.reduce((n, host) => n + (host.addresses?.length ?? 0), 0);
  const caption = format(words.diagram.caption, { domain: nodes[0].name, hosts, addresses });
  const picture = svg('svg', {
    // Never wider than the widget: on a narrow screen the picture shrinks (the text below reflows).
    class: 'diagram', role: 'img', viewBox: `0 0 ${width} ${height}`, width, height,
    'aria-labelledby': 'diagram-title',
  }, title, edges, boxes);
  title.setAttribute('id', 'diagram-title');
  return el('figure', { class: 'diagram-figure' }, picture, el('figcaption', {}, caption));
}
