/**
 * Every tag and attribute in a piece of renderer output, read with a tokenizer as strict as the renderer's
 * escaping must be: since text never holds a raw "<", each "<" starts a tag the renderer wrote.
 */
export interface Tag {
  name: string;
  closing: boolean;
  attributes: Record<string, string>;
}

export function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z0-9-]+)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*>/g)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[3] ?? '').matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
      attributes[attribute[1] as string] = attribute[2] ?? '';
    }
    tags.push({ name: (match[2] as string).toLowerCase(), closing: match[1] === '/', attributes });
  }
  return tags;
}

/** The text a browser would show, entities decoded, for "shown as text" assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const TAGS = new Set([
  'a',
  'article',
  'br',
  'button',
  'code',
  'del',
  'div',
  'em',
  'h3',
  'header',
  'hr',
  'li',
  'p',
  'pre',
  'span',
  'strong',
  'time',
  'ul',
]);
const ATTRIBUTES = new Set([
  'class',
  'href',
  'target',
  'rel',
  'type',
  'role',
  'aria-label',
  'hidden',
  'datetime',
  'download',
  'data-action-id',
  'data-value',
  'data-block-id',
  'data-confirm',
  'data-confirm-accept',
  'data-confirm-deny',
  'data-ts',
  'data-channel',
]);

/**
 * Whatever the input, the output is made of the renderer's own vocabulary: no script, no style, no event
 * handler attribute, and a link only to a web page or the page server's own file downloads.
 */
export function unsafeParts(html: string, extra: { tags?: string[]; attributes?: string[] } = {}): string[] {
  const tags = new Set([...TAGS, ...(extra.tags ?? [])]);
  const attributes = new Set([...ATTRIBUTES, ...(extra.attributes ?? [])]);
  const problems: string[] = [];
  if (/<(?![a-zA-Z/])/.test(html)) problems.push('a raw "<" outside a tag');
  for (const tag of tagsOf(html)) {
    if (!tags.has(tag.name)) problems.push(`tag <${tag.name}>`);
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (!attributes.has(name)) problems.push(`attribute ${name} on <${tag.name}>`);
      if (name === 'href' && !/^(https?:\/\/|\/files\/)/i.test(value)) problems.push(`href ${value}`);
    }
  }
  const opened = html.match(/<[a-z]/gi)?.length ?? 0;
  if (opened !== tagsOf(html).filter((t) => !t.closing).length)
    problems.push('a tag the tokenizer could not read');
  return problems;
}
