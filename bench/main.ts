import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeIssues } from '../lambdas/core/parse.js';
import type { Benchmark } from './benchmark.js';
import { fleetBenchmark } from './fleet.js';
import { pollPolicyBenchmark } from './poll-policy.js';
import { formatSection } from './table.js';

/** Every benchmark section, in print order. Add a section here. */
const benchmarks: readonly Benchmark[] = [pollPolicyBenchmark, fleetBenchmark];

const optionsSchema = z.object({
  json: z.boolean().default(false),
  seed: z.coerce.number().int().positive().default(20_240_601),
  samples: z.coerce.number().int().positive().default(2000),
  only: z.enum(benchmarks.map((b) => b.name) as [string, ...string[]]).optional(),
});

/** `npm run bench -- [--json] [--seed N] [--samples N] [--only NAME]`; a bad flag is named, exit 2. */
function optionsFrom(args: readonly string[]): z.infer<typeof optionsSchema> {
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        json: { type: 'boolean' },
        seed: { type: 'string' },
        samples: { type: 'string' },
        only: { type: 'string' },
      },
    });
    const parsed = optionsSchema.safeParse(values);
    if (!parsed.success)
      throw new Error(
        describeIssues(parsed.error)
          .map((issue) => `--${issue}`)
          .join('\n'),
      );
    return parsed.data;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
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
