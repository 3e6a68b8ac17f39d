import { z } from 'zod';
import { parseSttConnection, type SttConnection } from '#adapters/stt/index.js';
import { InvalidInputError } from '#core/contract/errors.js';

/**
 * The flags that say how to reach an IBM Speech to Text instance, with the same names and meaning
 * as `npm start`'s, shared by `npm start` and the operator CLI.
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
export function connectionFromFlags(options: ConnectionFlags): SttConnection {
  const serviceUrl = options['service-url'];
  if (!serviceUrl) throw new InvalidInputError('Command line', ['--service-url: required']);
  const authUrl = options['auth-url'];
  const need = (flag: 'apikey' | 'token' | 'username' | 'password') => {
    const value = options[flag];
    if (!value)
      throw new InvalidInputError('Command line', [`--${flag}: required with --auth ${options.auth}`]);
    return value;
  };
  const auth = ((): Record<string, string> => {
    switch (options.auth) {
      case 'iam':
        return { type: 'iam', apikey: need('apikey'), ...(authUrl ? { iamUrl: authUrl } : {}) };
      case 'cp4d':
        if (!authUrl) throw new InvalidInputError('Command line', ['--auth-url: required with --auth cp4d']);
        return {
          type: 'cp4d',
          url: authUrl,
          username: need('username'),
          ...(options.apikey ? { apikey: options.apikey } : { password: need('password') }),
        };
      case 'bearer':
        return { type: 'bearer', token: need('token') };
      case 'basic':
        return { type: 'basic', username: need('username'), password: need('password') };
      case 'none':
        return { type: 'none' };
    }
  })();
  return parseSttConnection({
    serviceUrl,
    auth,
    disableSslVerification: options['disable-ssl-verification'],
  });
}
