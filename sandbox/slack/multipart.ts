export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Enough of RFC 7578 for what the WebClient sends: it switches to multipart/form-data (via the form-data
 * package) whenever an argument is a Buffer or stream, which is how it POSTs bytes to an upload_url.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // Each part sits between the CRLF that ends the delimiter line and the CRLF before the next delimiter.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const parsed = partHeaders(part.subarray(0, headerEnd).toString('utf8'));
      if (parsed.name !== undefined) {
        parts.push({ ...parsed, name: parsed.name, data: part.subarray(headerEnd + 4) });
      }
    }
    start = next;
  }
  return parts;
}

function partHeaders(text: string): { name?: string; filename?: string; contentType?: string } {
  const result: { name?: string; filename?: string; contentType?: string } = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-type') result.contentType = value;
    if (header === 'content-disposition') {
      const name = /\bname="([^"]*)"/i.exec(value)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
      if (name !== undefined) result.name = name;
      if (filename !== undefined) result.filename = filename;
    }
  }
  return result;
}
