// A small DOM builder: el('p', {class: 'x'}, 'text', child). Text is always
// set as text (never parsed as HTML): the report holds strings from the
// network (SMTP replies, certificate names).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A <dl> of [term, description] rows; rows with an empty (or false) description are left out. */
export function definitionList(rows, className = 'facts') {
  const list = el('dl', { class: className });
  for (const [term, description] of rows) {
    if (description === undefined || description === null || description === '' || description === false) continue;
    if (Array.isArray(description) && description.length === 0) continue;
    list.append(el('dt', {}, term), el('dd', {}, description));
  }
  return list;
}
