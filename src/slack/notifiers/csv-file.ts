import type { WebClient } from '@slack/web-api';

export interface CsvFile {
  /** A conversation id (C..., G... or D...): files.uploadV2 takes no names. */
  channelId: string;
  threadTs?: string;
  filename: string;
  /** Bytes for a large file built in pieces (an export), text for the rest. */
  content: string | Buffer;
  comment: string;
}

/** Shares a CSV in a conversation, or a thread of it, the files.uploadV2 way. */
export async function shareCsv(client: WebClient, file: CsvFile): Promise<void> {
  const upload = {
    channel_id: file.channelId,
    filename: file.filename,
    title: file.filename,
    ...(typeof file.content === 'string' ? { content: file.content } : { file: file.content }),
    initial_comment: file.comment,
  };
  await client.files.uploadV2(file.threadTs ? { ...upload, thread_ts: file.threadTs } : upload);
}
