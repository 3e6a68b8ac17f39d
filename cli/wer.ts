import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import { type ErrorRates, scoreTranscripts, scoringUnitFor, werFigures } from '#core/scoring/index.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { textTable } from './report/text-table.js';

const usage = `usage: stt-upgrader wer --reference REF --hypothesis HYP [--language L] [--json]

Word error rate of the transcripts in HYP against those in REF, one utterance a line, paired by
line, pooled over the files. --language (a code or model name, such as ja-JP or zh-CN_Telephony)
scores languages written without spaces by characters.

  --reference REF   the reference transcripts, one utterance a line
  --hypothesis HYP  the transcripts to score, paired with REF by line
  --language L      score ja and zh by characters (a code or a model name)
  --json            the rates as JSON
  -h, --help        this help

Exit codes: 0 scored, 1 a file could not be read or the files do not pair up, 2 usage.
`;

const flags = {
  reference: { type: 'string' },
  hypothesis: { type: 'string' },
  language: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const optionsSchema = z.object({
  reference: z.string({ error: 'is required' }).min(1),
  hypothesis: z.string({ error: 'is required' }).min(1),
  language: z
    .string()
    .regex(
      /^[a-z]{2,3}([-_][a-z0-9]+)*$/iu,
      'must be a language code or model name, such as ja-JP or en-US_Telephony',
    )
    .optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

/**
 * `stt-upgrader wer`: scores transcripts an operator already has, with the same normalisation and
 * alignment as the upgrade verifier. Exit codes: 0 scored, 1 a file could not be read or the files
 * do not pair up, 2 usage.
 */
export async function werCommand(args: string[], io: CommandIo): Promise<number> {
  let options: z.infer<typeof optionsSchema>;
  try {
    options = parseFlags(args, flags, optionsSchema);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${usage}`);
    return 2;
  }
  let references: string[];
  let hypotheses: string[];
  try {
    [references, hypotheses] = await Promise.all([
      readUtterances(options.reference),
      readUtterances(options.hypothesis),
    ]);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return 1;
  }
  if (references.length !== hypotheses.length) {
    io.stderr(
      `${options.reference} has ${references.length} utterance(s) and ${options.hypothesis} has ${hypotheses.length}: ` +
        'each line is one utterance, paired by line, so both files need the same number of lines\n',
    );
    return 1;
  }
  const rates = scoreTranscripts(
    references.map((reference, line) => ({ reference, hypothesis: hypotheses[line] as string })),
    scoringUnitFor(options.language),
  );
  io.stdout(options.json ? `${JSON.stringify(jsonAnswer(rates), null, 2)}\n` : table(rates));
  return 0;
}

/** One utterance a line; the newline ending the file does not start another. */
async function readUtterances(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (text === '') return [];
  return text
    .replace(/^\uFEFF/u, '')
    .replace(/\r?\n$/u, '')
    .split(/\r?\n/u);
}

function jsonAnswer(rates: ErrorRates) {
  return {
    ...werFigures(rates),
    unit: rates.unit,
  };
}

function table(rates: ErrorRates): string {
  const errorRate = rates.unit === 'word' ? 'word error rate' : 'character error rate';
  const referenceTokens = rates.unit === 'word' ? 'reference words' : 'reference characters';
  return textTable(
    ['MEASURE', 'VALUE'],
    [
      [errorRate, percent(rates.wer)],
      ['substitutions', String(rates.substitutions)],
      ['deletions', String(rates.deletions)],
      ['insertions', String(rates.insertions)],
      [referenceTokens, String(rates.referenceWords)],
      ['utterances', String(rates.utterances)],
      ['sentence error rate', percent(rates.sentenceErrorRate)],
    ],
  );
}

function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(2)}%`;
}

export const werSpec: CliCommand = {
  words: ['wer'],
  synopsis: 'wer --reference REF --hypothesis HYP [...]',
  summary: 'word error rate of transcript files',
  flags,
  usage,
  run: werCommand,
};
