import { parseArgs } from 'node:util';
import { z } from 'zod';
import { uploadTestSet } from '#adapters/test-sets/index.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';

const usage = `usage: stt-upgrader test-sets upload <directory> --bucket NAME --name SET [--region R] [--json]

Checks a test set as a verification reads it (manifest.jsonl, one {"audio", "reference"} a line,
and every audio file it names), then uploads it to s3://NAME/SET/ with your AWS credentials: the
audio first, the manifest last. SET is the name the deploy configuration's testSets use; NAME is
the stack output TestSetBucketName.

  --bucket NAME     the test-set bucket
  --name SET        the set's name: its prefix in the bucket
  --region R        the bucket's region (default: your AWS configuration's)
  --endpoint URL    an S3 endpoint other than AWS's
  --json            what was uploaded, as JSON
  -h, --help        this help

Exit codes: 0 uploaded, 1 the set is invalid or the upload failed, 2 usage.
`;

const flags = {
  bucket: { type: 'string' },
  name: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const optionsSchema = z.object({
  bucket: z.string({ error: 'is required' }).min(3),
  name: z
    .string({ error: 'is required' })
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be letters, digits, . _ - (and / between parts)'),
  region: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

/** `stt-upgrader test-sets upload`: a checked local test set into the deployed bucket. */
export async function testSetsUploadCommand(args: string[], io: CommandIo): Promise<number> {
  let options: z.infer<typeof optionsSchema>;
  let directory: string;
  try {
    const parsed = parseArgs({ args, options: flags, strict: true, allowPositionals: true });
    const [first, ...extra] = parsed.positionals;
    if (first === undefined || extra.length > 0) throw new Error('one test-set directory is required');
    directory = first;
    const checked = optionsSchema.safeParse(parsed.values);
    if (!checked.success)
      throw new Error(checked.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    options = checked.data;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  try {
    const uploaded = await uploadTestSet(directory, `s3://${options.bucket}/${options.name}/`, {
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
    io.stdout(
      options.json
        ? `${JSON.stringify(uploaded, null, 2)}\n`
        : `Uploaded ${uploaded.utterances} utterance(s), ${uploaded.audioFiles} audio file(s), ` +
            `${(uploaded.bytes / 1024 / 1024).toFixed(2)} MiB to ${uploaded.location}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`test set not uploaded: ${(error as Error).message}\n`);
    return 1;
  }
}

export const testSetsUploadSpec: CliCommand = {
  words: ['test-sets', 'upload'],
  synopsis: 'test-sets upload <dir> --bucket B --name SET',
  summary: 'check a test set and upload it to the test-set bucket',
  flags,
  usage,
  run: testSetsUploadCommand,
};
