#!/usr/bin/env node
// The operator CLI is TypeScript; tsx compiles it on load, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('#local/node20.ts');
const { main } = await import('#cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
