import type { WebClient } from '@slack/web-api';
import { uploadStreamed, type FilePieces } from './streamed-upload';

export interface CsvFile {
  /** A conversation id (C..., G... or D...): files.uploadV2 takes no names. */
  channelId: string;
  threadTs?: string;
  filename: string;
  /**
   * Text, or bytes built in pieces (an export), for files.uploadV2; or, for a file too large to
   * hold whole (an organization's stale keys), its pieces, written again when asked for.
   */
  content: string | Buffer | { pieces: FilePieces };
  comment: string;
}

/** Shares a CSV in a conversation, or a thread of it, the files.uploadV2 way. */
export async function shareCsv(client: WebClient, file: CsvFile): Promise<void> {
  const { content } = file;
  if (typeof content === 'object' && !Buffer.isBuffer(content)) {
    return uploadStreamed(client, { ...file, pieces: content.pieces });
  }
  const upload = {
    channel_id: file.channelId,
    filename: file.filename,
    title: file.filename,
    ...(typeof content === 'string' ? { content } : { file: content }),
    initial_comment: file.comment,
  };
  await client.files.uploadV2(file.threadTs ? { ...upload, thread_ts: file.threadTs } : upload);
}
