// Text into HTML/SVG: the five markup characters escaped, and control characters (a NUL in a
// broken message, an escape sequence) shown as their visible Unicode pictures instead of being fed
// to the HTML parser. Pure.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Matching control characters is the point of this expression.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string).replace(CONTROL_RE, controlPicture);
}

/** U+2400.. "Control Pictures" for C0 controls, U+2421 for DEL. */
function controlPicture(c: string): string {
  const code = c.charCodeAt(0);
  return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
}
