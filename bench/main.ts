import '#local/node20.js';
import { z } from 'zod';
import { benchFlags } from './bench-flags.js';
import type { Benchmark } from './benchmark.js';
import { fleetBenchmark } from './fleet.js';
import { historyEventsBenchmark } from './history-events.js';
import { migrationBenchmark } from './migration.js';
import { pollPolicyBenchmark } from './poll-policy.js';
import { formatSection } from './table.js';
import { verificationBenchmark } from './verification.js';
import { watchBenchmark } from './watch.js';

/** Every benchmark section, in print order. Add a section here. */
const benchmarks: readonly Benchmark[] = [
  pollPolicyBenchmark,
  historyEventsBenchmark,
  verificationBenchmark,
  watchBenchmark,
  migrationBenchmark,
  fleetBenchmark,
];

const optionsSchema = z.object({
  json: z.boolean().default(false),
  seed: z.coerce.number().int().positive().default(20_240_601),
  samples: z.coerce.number().int().positive().default(2000),
  only: z.enum(benchmarks.map((b) => b.name) as [string, ...string[]]).optional(),
  units: z
    .string()
    .transform((list) => list.split(',').map(Number))
    .pipe(z.array(z.number().int().positive()))
    .optional(),
});

/** `npm run bench -- [--json] [--seed N] [--samples N] [--only NAME] [--units N,N]`; a bad flag is named, exit 2. */
function optionsFrom(args: readonly string[]): z.infer<typeof optionsSchema> {
  return benchFlags(
    args,
    {
      json: { type: 'boolean' },
      seed: { type: 'string' },
      samples: { type: 'string' },
      only: { type: 'string' },
      units: { type: 'string' },
    },
    optionsSchema,
  );
}

const options = optionsFrom(process.argv.slice(2));
const sections = [];
for (const benchmark of benchmarks.filter((b) => !options.only || b.name === options.only))
  sections.push({ name: benchmark.name, section: await benchmark.run(options) });

if (options.json) {
  const output = Object.fromEntries(sections.map(({ name, section }) => [name, section.json]));
  console.log(JSON.stringify(output, null, 2));
} else {
  console.log(sections.map(({ section }) => formatSection(section)).join('\n\n'));
}
