import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AwsEndpointOptions, awsClientConfig } from '#adapters/aws-endpoint.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { type MeasuredUtterance, measuredUtteranceSchema, type TranscriptStore } from '#core/watch/index.js';

function toLines(utterances: readonly MeasuredUtterance[]): string {
  return utterances.map((u) => JSON.stringify(u)).join('\n') + (utterances.length > 0 ? '\n' : '');
}

function fromLines(where: string, text: string): MeasuredUtterance[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = measuredUtteranceSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new InvalidInputError(`Transcripts ${where}`, [
          `line ${index + 1} is not a measured utterance`,
        ]);
      return parsed.data;
    });
}

/** Transcripts in the test-set bucket, one JSON Lines object per measurement. */
export class S3TranscriptStore implements TranscriptStore {
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    options: AwsEndpointOptions = {},
  ) {
    this.client = new S3Client({
      ...awsClientConfig(options),
      forcePathStyle: options.endpoint !== undefined,
    });
  }

  async write(key: string, utterances: readonly MeasuredUtterance[]): Promise<string> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: toLines(utterances),
        ContentType: 'application/jsonl',
      }),
    );
    return `s3://${this.bucket}/${key}`;
  }

  async read(key: string): Promise<MeasuredUtterance[]> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return fromLines(`s3://${this.bucket}/${key}`, (await answer.Body?.transformToString('utf8')) ?? '');
    } catch (error) {
      if (error instanceof NoSuchKey) return [];
      throw error;
    }
  }
}

/** Transcripts beside the local test sets. */
export class DirectoryTranscriptStore implements TranscriptStore {
  constructor(private readonly directory: string) {}

  async write(key: string, utterances: readonly MeasuredUtterance[]): Promise<string> {
    const file = path.join(this.directory, ...key.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, toLines(utterances));
    return file;
  }

  async read(key: string): Promise<MeasuredUtterance[]> {
    const file = path.join(this.directory, ...key.split('/'));
    try {
      return fromLines(file, await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

/** Transcripts beside the test sets: in the bucket (`s3://bucket`) or a directory; none configured: every call is `InvalidInput`. */
export function transcriptsUnder(root: string | undefined, s3: AwsEndpointOptions = {}): TranscriptStore {
  if (root === undefined) {
    const missing = async (): Promise<never> => {
      throw new InvalidInputError('Accuracy watch', ['no test-set bucket or directory is configured']);
    };
    return { write: missing, read: missing };
  }
  return root.startsWith('s3://')
    ? new S3TranscriptStore(root.slice('s3://'.length).replace(/\/+$/u, ''), s3)
    : new DirectoryTranscriptStore(root);
}
