import { z } from 'zod';
import type { SttConnection } from '../../lambdas/adapters/stt/index.js';
import { parseLocalOptions } from '../demo/local-options.js';
import { connectionFromOptions } from '../demo/run-against-instance.js';

/**
 * The flags that say how to reach an IBM Speech to Text instance, with the same names and meaning
 * as `npm start`'s; the conversion into a connection is `npm start`'s own.
 */
export const connectionArgs = {
  'service-url': { type: 'string' },
  auth: { type: 'string' },
  apikey: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' },
  'auth-url': { type: 'string' },
  'disable-ssl-verification': { type: 'boolean' },
} as const;

export const connectionFlagsSchema = z.object({
  'service-url': z.url().optional(),
  auth: z.enum(['iam', 'cp4d', 'bearer', 'basic', 'none']).default('iam'),
  apikey: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  'auth-url': z.url().optional(),
  'disable-ssl-verification': z.boolean().default(false),
});
export type ConnectionFlags = z.infer<typeof connectionFlagsSchema>;

export const connectionUsage = `  --service-url URL           the IBM Speech to Text instance
  --auth iam|cp4d|bearer|basic|none   how to authenticate (default iam)
  --apikey KEY                IAM or Cloud Pak for Data API key
  --username U --password P   Cloud Pak for Data or basic credentials
  --token T                   a static bearer token
  --auth-url URL              IAM token URL or Cloud Pak for Data authorize URL
  --disable-ssl-verification  for clusters with private certificate authorities`;

/**
 * The connection the flags describe; a missing credential is `InvalidInput` naming its flag.
 * Credentials stay in memory and are never printed.
 */
export function connectionFromFlags(flags: ConnectionFlags): SttConnection {
  return connectionFromOptions({ ...parseLocalOptions([]), ...flags });
}
