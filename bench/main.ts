import type { Benchmark, BenchOptions } from './benchmark.js';
import { fleetBenchmark } from './fleet.js';
import { pollPolicyBenchmark } from './poll-policy.js';
import { formatSection } from './table.js';

/** Every benchmark section, in print order. Add a section here. */
const benchmarks: readonly Benchmark[] = [pollPolicyBenchmark, fleetBenchmark];

function optionsFrom(args: readonly string[]): BenchOptions & { json: boolean } {
  const value = (flag: string, fallback: number) => {
    const index = args.indexOf(flag);
    const parsed = index >= 0 ? Number(args[index + 1]) : fallback;
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${flag} needs a positive integer`);
    return parsed;
  };
  return {
    json: args.includes('--json'),
    seed: value('--seed', 20_240_601),
    samples: value('--samples', 2000),
  };
}

const options = optionsFrom(process.argv.slice(2));
const sections = [];
for (const benchmark of benchmarks)
  sections.push({ name: benchmark.name, section: await benchmark.run(options) });

if (options.json) {
  const output = Object.fromEntries(sections.map(({ name, section }) => [name, section.json]));
  console.log(JSON.stringify(output, null, 2));
} else {
  console.log(sections.map(({ section }) => formatSection(section)).join('\n\n'));
}
