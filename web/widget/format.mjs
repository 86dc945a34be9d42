/** Fills {name} placeholders; an unknown one stays visible, so a missing parameter is noticed. */
export function format(template, params = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
