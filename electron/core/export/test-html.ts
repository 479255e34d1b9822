// What an HTML document would load: for the self-containment tests (not a shipped code path).

/**
 * Every URL-bearing attribute of a real tag, and every url() / @import target of a <style> element.
 * Text content is skipped: escaped SIP that merely mentions src="//host" loads nothing.
 */
export function resourceRefs(html: string): string[] {
  const refs: string[] = [];
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    for (const m of tag.matchAll(
      /\s(?:src|href|srcset|action|formaction|poster|data|xlink:href|background|ping|manifest)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
    )) {
      refs.push(m[1] ?? m[2] ?? m[3] ?? '');
    }
    for (const m of tag.matchAll(/url\(\s*["']?([^"')]*)/gi)) refs.push(m[1] ?? '');
  }
  for (const style of html.match(/<style[^>]*>[\s\S]*?<\/style>/gi) ?? []) {
    for (const m of style.matchAll(/url\(\s*["']?([^"')]*)|@import\s+(?:url\(\s*)?["']?([^"');\s]*)/gi))
      refs.push(m[1] ?? m[2] ?? '');
  }
  return refs;
}
