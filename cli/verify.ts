import { z } from 'zod';
import { createSttService } from '#adapters/stt/index.js';
import { createRecognizer, recogniseBothVersions } from '#adapters/stt/recognizer.js';
import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import { loadTestSet, openTestSet } from '#adapters/test-sets/index.js';
import {
  connectionArgs,
  connectionFlagsSchema,
  connectionFromFlags,
  connectionUsage,
} from '#cli/flags/connection-flags.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import { ErrorName, UpgraderError } from '#core/contract/errors.js';
import type { CustomModel, SttService } from '#core/model/custom-model.js';
import { modelLabel } from '#core/model/model-label.js';
import { resolveModel } from '#core/model/model-reference.js';
import { type AlignedColumn, type ChangedUtterance, changedUtterances } from '#core/scoring/index.js';
import { verificationSettingsSchema } from '#core/settings/instance-settings.js';
import { customizationIdSchema } from '#core/unit/unit-input.js';
import {
  chooseVersions,
  percent,
  recognitionParameters,
  type VerificationRecord,
  verificationRecord,
} from '#core/verification/index.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { textTable } from './report/text-table.js';

const usage = `usage: stt-upgrader verify <connection> --model ID [--acoustic-model ID] --test-set DIR [--old V --new V] [--json]

Recognises every utterance of a test set twice, with the old and the new version of a custom
model's base model (base_model_version), and compares their word error rates as an upgrade's
verification does. --model is a custom language or acoustic model; with --acoustic-model, that
acoustic model is verified together with the language model --model it was trained with.
--old and --new default to the model's two newest versions (a full entry or v2026-11-24).
--test-set is a directory or s3://bucket/prefix/ holding manifest.jsonl and the audio.

  --model ID                  the custom model to verify (a customization id or its name)
  --acoustic-model ID         an acoustic model, verified with the language model --model
  --test-set DIR              a directory or s3://bucket/prefix/ with manifest.jsonl and the audio
  --old V --new V             the versions to compare (default: the model's two newest)
  --json                      the verification record as JSON, with every changed utterance
  -h, --help                  this help
  --max-wer-increase R        the gate: regressed when the new WER exceeds the old by more (default 0.01)
  --customization-weight W    sent on both runs (default: IBM's default for the model)
  --concurrency N             recognition requests in flight (default 4)
${connectionUsage}

Exit codes: 0 passed, 3 regressed, 4 invalid, 1 the comparison could not run, 2 usage.
`;

const flags = {
  ...connectionArgs,
  model: { type: 'string' },
  'acoustic-model': { type: 'string' },
  'test-set': { type: 'string' },
  old: { type: 'string' },
  new: { type: 'string' },
  'max-wer-increase': { type: 'string' },
  'customization-weight': { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const optionsSchema = connectionFlagsSchema.extend({
  model: z.string({ error: 'is required' }).min(1),
  'acoustic-model': z.string().min(1).optional(),
  'test-set': z.string({ error: 'is required' }).min(1),
  old: z.string().min(1).optional(),
  new: z.string().min(1).optional(),
  'max-wer-increase': z.coerce.number().min(0).max(1).optional(),
  'customization-weight': z.coerce.number().min(0).max(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(20).optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});
type Options = z.infer<typeof optionsSchema>;

const exitCodes = { passed: 0, regressed: 3, invalid: 4, unverified: 4 } as const;

/** `stt-upgrader verify`: an upgrade's verification, on demand, against any instance. */
export async function verifyCommand(args: string[], io: CommandIo): Promise<number> {
  let options: Options;
  try {
    options = parseFlags(args, flags, optionsSchema);
    connectionFromFlags(options);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${usage}`);
    return 2;
  }
  let record: Comparison;
  try {
    record = await compare(options);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout(options.json ? `${JSON.stringify(record, null, 2)}\n` : report(record));
  return exitCodes[record.outcome];
}

/** The verification record, and the utterances the new version recognised differently. */
type Comparison = VerificationRecord & { changedUtterances: ChangedUtterance[] };

async function compare(options: Options): Promise<Comparison> {
  const connection = connectionFromFlags(options);
  const stt = createSttService(connection);
  const settings = verificationSettingsSchema.parse({
    ...(options['max-wer-increase'] !== undefined && { maxWerIncrease: options['max-wer-increase'] }),
    ...(options['customization-weight'] !== undefined && {
      customizationWeight: options['customization-weight'],
    }),
    ...(options.concurrency !== undefined && { recognitionConcurrency: options.concurrency }),
  });
  const modelId = await customizationIdOf(stt, options.model, modelKind(options));
  const acousticId =
    options['acoustic-model'] && (await customizationIdOf(stt, options['acoustic-model'], 'acoustic'));
  const [verified, pairedLanguageModel] = acousticId
    ? [await stt.getAcousticModel(acousticId), await stt.getLanguageModel(modelId)]
    : [await readAnyModel(stt, modelId), undefined];
  const models = [verified, ...(pairedLanguageModel ? [pairedLanguageModel] : [])];
  const versions = chooseVersions(models, verified.baseModelName, { old: options.old, new: options.new });
  if (!versions.ok) throw new UpgraderError(ErrorName.InvalidInput, versions.problem);
  const parameters = recognitionParameters(
    {
      kind: verified.kind,
      customizationId: verified.customizationId,
      baseModelName: verified.baseModelName,
      languageModelId: pairedLanguageModel?.customizationId ?? null,
    },
    settings.customizationWeight,
  );
  const testSet = openTestSet(options['test-set']);
  const utterances = await loadTestSet(testSet);
  const recognizer = createRecognizer(connection);
  const recognised = await mapWithConcurrency(
    utterances,
    settings.recognitionConcurrency,
    async (utterance) =>
      recogniseBothVersions(
        recognizer,
        {
          reference: utterance.reference,
          audio: await testSet.readAudio(utterance.audio),
          contentType: utterance.contentType,
        },
        { parameters, ...versions },
      ),
  );
  const verifiedAt = new Date();
  const record = verificationRecord(
    {
      runId: `on-demand-${verifiedAt.toISOString()}`,
      instanceId: new URL(connection.serviceUrl).host,
      customizationId: verified.customizationId,
      kind: verified.kind,
      modelName: verified.name,
      baseModelName: verified.baseModelName,
      testSet: testSet.location,
      maxWerIncrease: settings.maxWerIncrease,
    },
    versions,
    recognised,
    verifiedAt,
  );
  const changed = changedUtterances(
    recognised.map((r) => ({
      reference: r.reference,
      oldHypothesis: r.old.transcript,
      newHypothesis: r.new.transcript,
    })),
    verified.baseModelName,
  );
  return { ...record, changedUtterances: changed };
}

/** What --model may name: with --acoustic-model, the language model it was trained with. */
const modelKind = (options: Options) => (options['acoustic-model'] ? 'language' : 'any');

/**
 * The customization id `reference` names: itself when it is one, else the one model of that name
 * (refused with the candidates when several share it).
 */
async function customizationIdOf(
  stt: SttService,
  reference: string,
  kind: 'language' | 'acoustic' | 'any',
): Promise<string> {
  if (customizationIdSchema.safeParse(reference).success) return reference;
  const models = [
    ...(kind !== 'acoustic' ? await stt.listLanguageModels() : []),
    ...(kind !== 'language' ? await stt.listAcousticModels() : []),
  ];
  const match = resolveModel(
    reference,
    models.map((m) => ({ instanceId: '', customizationId: m.customizationId, modelName: m.name })),
  );
  if (match.kind === 'found') return match.model.customizationId;
  if (match.kind === 'ambiguous')
    throw new UpgraderError(
      ErrorName.InvalidInput,
      `'${reference}' names ${match.candidates.length} models; give one of their customization ids:\n` +
        match.candidates.map((m) => `  ${m.customizationId}`).join('\n'),
    );
  throw new UpgraderError(
    ErrorName.ModelNotFound,
    `no ${kind === 'any' ? '' : `${kind} `}model named '${reference}' on the instance`,
  );
}

/** A language model by its id, or else an acoustic model: the operator need not say which. */
async function readAnyModel(stt: SttService, customizationId: string): Promise<CustomModel> {
  try {
    return await stt.getLanguageModel(customizationId);
  } catch (error) {
    if (error instanceof UpgraderError && error.name === ErrorName.ModelNotFound) {
      return stt.getAcousticModel(customizationId);
    }
    throw error;
  }
}

/** Changed utterances shown in the text report; --json has them all. */
const CHANGES_SHOWN = 10;

function report(record: Comparison): string {
  const label = modelLabel(record, record.modelName || undefined);
  const lines = [
    `${label}, test set ${record.testSet}: ${record.utterances} utterance(s), ${record.audioMinutes.toFixed(2)} minute(s) of audio recognised twice (${record.recognitionRequests} requests)`,
    '',
    textTable(
      ['RUN', 'VERSION', 'WER', 'SUB', 'DEL', 'INS', 'WORDS', 'SENTENCES WRONG'],
      (['old', 'new'] as const).map((run) => {
        const score = record[run];
        return [
          run,
          score?.version ?? '-',
          percent(score?.wer),
          String(score?.substitutions ?? '-'),
          String(score?.deletions ?? '-'),
          String(score?.insertions ?? '-'),
          String(score?.referenceWords ?? '-'),
          percent(score?.sentenceErrorRate),
        ];
      }),
    ).trimEnd(),
    '',
    `outcome: ${record.outcome}${record.reason ? ` (${record.reason})` : ''}; WER change ${signedPoints(record.werDelta)}, gate ${percent(record.maxWerIncrease)}`,
  ];
  for (const { version, warning } of record.warnings) lines.push(`IBM warned on ${version}: ${warning}`);
  if (record.wordsLost.length > 0) {
    lines.push(`words lost: ${record.wordsLost.map(({ word, count }) => `${word} (${count})`).join(', ')}`);
  }
  if (record.outcome === 'regressed' && record.old) {
    lines.push(`clients can stay on the old version with base_model_version=${record.old.version}`);
  }
  lines.push(...changes(record.changedUtterances, record.utterances));
  return `${lines.join('\n')}\n`;
}

/** The utterances recognised differently, each as three aligned lines: reference, old, new. */
function changes(changed: readonly ChangedUtterance[], utterances: number): string[] {
  if (changed.length === 0) return ['', 'no utterance was recognised differently'];
  const lines = ['', `changed utterances: ${changed.length} of ${utterances}, most worsened first`];
  for (const utterance of changed.slice(0, CHANGES_SHOWN)) {
    const widths = utterance.aligned.map((c) => Math.max(c.reference.length, c.old.length, c.new.length, 1));
    const row = (label: string, pick: (c: AlignedColumn) => string) =>
      `    ${label}  ${utterance.aligned.map((c, i) => (pick(c) || '*'.repeat(widths[i] ?? 1)).padEnd(widths[i] ?? 0)).join(' ')}`.trimEnd();
    lines.push(
      `  #${utterance.utterance}  errors ${utterance.oldErrors} -> ${utterance.newErrors}`,
      row('REF', (c) => c.reference),
      row('OLD', (c) => c.old),
      row('NEW', (c) => c.new),
    );
  }
  if (changed.length > CHANGES_SHOWN)
    lines.push(`  ${changed.length - CHANGES_SHOWN} more: --json lists them all`);
  return lines;
}

function signedPoints(delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return '-';
  return `${delta > 0 ? '+' : ''}${(delta * 100).toFixed(2)} points`;
}

export const verifySpec: CliCommand = {
  words: ['verify'],
  synopsis: 'verify <connection> --model ID [...]',
  summary: 'old against new version on a test set',
  flags,
  usage,
  run: verifyCommand,
};
