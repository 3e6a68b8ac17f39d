import { z } from 'zod';
import { InvalidInputError } from '#core/contract/errors.js';
import {
  IBM_REQUEST_TIMEOUT_MAX_SECONDS,
  IBM_REQUEST_TIMEOUT_SECONDS,
} from '#core/contract/lambda-tasks/function-timeouts.js';
import { describeIssues } from '#core/contract/parse.js';

/** IBM Cloud's IAM token service; the SDK appends `/identity/token`. */
export const defaultIamUrl = 'https://iam.cloud.ibm.com';

const secret = z.string().min(1);

const iamAuthSchema = z.object({
  type: z.literal('iam'),
  apikey: secret,
  iamUrl: z.url().default(defaultIamUrl),
});

/** Cloud Pak for Data / Software Hub: a user with either a password or an API key, never both. */
const cp4dAuthSchema = z
  .object({
    type: z.literal('cp4d'),
    url: z.url(),
    username: z.string().min(1),
    password: secret.optional(),
    apikey: secret.optional(),
  })
  .refine((auth) => (auth.password === undefined) !== (auth.apikey === undefined), {
    message: 'give exactly one of password or apikey',
    path: ['password'],
  });

const bearerAuthSchema = z.object({ type: z.literal('bearer'), token: secret });
const basicAuthSchema = z.object({ type: z.literal('basic'), username: z.string().min(1), password: secret });
const noAuthSchema = z.object({ type: z.literal('none') });

export const authConfigSchema = z.discriminatedUnion('type', [
  iamAuthSchema,
  cp4dAuthSchema,
  bearerAuthSchema,
  basicAuthSchema,
  noAuthSchema,
]);

export type AuthConfig = z.output<typeof authConfigSchema>;

/** How to reach one Speech to Text instance: where it is and how to authenticate. */
export const sttConnectionSchema = z.object({
  serviceUrl: z.url(),
  auth: authConfigSchema,
  // Clusters with private CAs need this; off unless asked for.
  disableSslVerification: z.boolean().default(false),
  // A hung connection fails as a retryable error inside the function's timeout, which counts on this maximum.
  requestTimeoutSeconds: z
    .number()
    .positive()
    .max(IBM_REQUEST_TIMEOUT_MAX_SECONDS)
    .default(IBM_REQUEST_TIMEOUT_SECONDS),
});

export type SttConnection = z.output<typeof sttConnectionSchema>;

/** Parses a connection; issues name the fields and never echo the values (they may be secrets). */
export function parseSttConnection(value: unknown): SttConnection {
  const result = sttConnectionSchema.safeParse(value);
  if (!result.success) throw new InvalidInputError('STT connection', describeIssues(result.error));
  return result.data;
}

/** A one-line summary for logs: where and how, with every secret left out. */
export function describeConnection(connection: SttConnection): string {
  const { auth } = connection;
  const how = ((): string => {
    switch (auth.type) {
      case 'iam':
        return `iam apikey=*** iamUrl=${auth.iamUrl}`;
      case 'cp4d':
        return `cp4d url=${auth.url} username=${auth.username} ${auth.password ? 'password' : 'apikey'}=***`;
      case 'bearer':
        return 'bearer token=***';
      case 'basic':
        return `basic username=${auth.username} password=***`;
      case 'none':
        return 'none';
    }
  })();
  const ssl = connection.disableSslVerification ? ' (SSL verification disabled)' : '';
  return `${redactUserInfo(connection.serviceUrl)} auth=${how}${ssl}`;
}

/** Removes `user:password@` from a URL, in case credentials were written into it. */
export function redactUserInfo(text: string): string {
  return text.replace(/\/\/[^/\s@]+@/g, '//***@');
}
