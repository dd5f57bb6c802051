import { randomBytes } from 'node:crypto';

interface Upload {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  content?: Buffer;
  completed: boolean;
  title?: string;
  created: number;
}

export interface CompletedFile {
  id: string;
  name: string;
  title: string;
  size: number;
  mimetype: string;
  created: number;
}

/**
 * Files uploaded the files.uploadV2 way: getUploadURLExternal opens an upload, the client POSTs the bytes
 * to its upload_url, and completeUploadExternal finishes it, once.
 */
export class FileStore {
  private readonly uploads = new Map<string, Upload>();

  open(filename: string, length: number, altText?: string): string {
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    this.uploads.set(id, { id, filename, length, altText, completed: false, created: nowSeconds() });
    return id;
  }

  /** False when there is no open upload of that id: its upload_url answers 404 then. */
  receive(id: string, content: Buffer): boolean {
    const upload = this.uploads.get(id);
    if (!upload || upload.completed) return false;
    upload.content = content;
    return true;
  }

  /** False when the id is unknown, its bytes never arrived, or it was completed already. */
  canComplete(id: string): boolean {
    const upload = this.uploads.get(id);
    return upload !== undefined && !upload.completed && upload.content !== undefined;
  }

  complete(id: string, title?: string): CompletedFile | undefined {
    const upload = this.uploads.get(id);
    if (!upload || !this.canComplete(id) || upload.content === undefined) return undefined;
    upload.completed = true;
    upload.title = title ?? upload.filename;
    return {
      id,
      name: upload.filename,
      title: upload.title,
      size: upload.content.length,
      mimetype: mimetypeOf(upload.filename),
      created: upload.created,
    };
  }

  /** Only completed files: Slack discards an upload that is never completed. */
  content(id: string): Buffer | undefined {
    const upload = this.uploads.get(id);
    return upload?.completed ? upload.content : undefined;
  }

  file(id: string): { name: string; mimetype: string } | undefined {
    const upload = this.uploads.get(id);
    return upload?.completed ? { name: upload.filename, mimetype: mimetypeOf(upload.filename) } : undefined;
  }
}

const MIMETYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  txt: 'text/plain',
  png: 'image/png',
  pdf: 'application/pdf',
};

function mimetypeOf(filename: string): string {
  const extension = filename.split('.').pop()?.toLowerCase() ?? '';
  return MIMETYPES[extension] ?? 'application/octet-stream';
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
