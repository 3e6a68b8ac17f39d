import { describe, expect, it } from 'vitest';
import {
  createSttService,
  defaultIamUrl,
  describeConnection,
  parseSttConnection,
  type SttConnection,
} from '#adapters/stt/index.js';
import { ErrorName, InvalidInputError } from '#core/contract/errors.js';

const secrets = [
  'IAM-KEY-s3cr3t',
  'CP4D-PASSWORD-s3cr3t',
  'CP4D-APIKEY-s3cr3t',
  'BEARER-s3cr3t',
  'BASIC-PW-s3cr3t',
];

function parseError(value: unknown): InvalidInputError {
  try {
    parseSttConnection(value);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    return err as InvalidInputError;
  }
  throw new Error('expected the connection to be rejected');
}

function expectNoSecrets(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('sttConnectionSchema', () => {
  it('fills the IBM IAM URL, SSL verification and request timeout defaults', () => {
    const connection = parseSttConnection({
      serviceUrl: 'https://api.eu-de.speech-to-text.watson.cloud.ibm.com/instances/abc',
      auth: { type: 'iam', apikey: secrets[0] },
    });
    expect(connection).toEqual({
      serviceUrl: 'https://api.eu-de.speech-to-text.watson.cloud.ibm.com/instances/abc',
      auth: { type: 'iam', apikey: secrets[0], iamUrl: defaultIamUrl },
      disableSslVerification: false,
      requestTimeoutSeconds: 20,
    });
  });

  it('names every offending field: bad URL, missing key, wrong type', () => {
    const error = parseError({
      serviceUrl: 'not a url',
      auth: { type: 'iam' },
      disableSslVerification: 'yes',
    });
    expect(error.name).toBe(ErrorName.InvalidInput);
    expect(error.message).toMatch(/^STT connection is invalid: /);
    expect(error.issues.map((issue) => issue.split(':')[0])).toEqual([
      'serviceUrl',
      'auth.apikey',
      'disableSslVerification',
    ]);
  });

  it('names auth.type when the kind of authentication is unknown, without echoing the secrets', () => {
    const error = parseError({ serviceUrl: 'https://x.test', auth: { type: 'oauth', token: secrets[3] } });
    expect(error.issues).toEqual([expect.stringMatching(/^auth\.type: /)]);
    expectNoSecrets(error.message);
  });

  it('Cloud Pak for Data needs exactly one of password and API key', () => {
    const base = { type: 'cp4d', url: 'https://cpd.example.test', username: 'admin' };
    const both = parseError({
      serviceUrl: 'https://x.test',
      auth: { ...base, password: secrets[1], apikey: secrets[2] },
    });
    expect(both.issues).toEqual(['auth.password: give exactly one of password or apikey']);
    expectNoSecrets(both.message);
    const neither = parseError({ serviceUrl: 'https://x.test', auth: base });
    expect(neither.issues).toEqual(['auth.password: give exactly one of password or apikey']);
  });

  it('never echoes a secret of the wrong type or an invalid URL that carries credentials', () => {
    const error = parseError({
      serviceUrl: `https://user:${secrets[4]}@ bad host`,
      auth: { type: 'basic', username: 'apikey', password: [secrets[4]] },
    });
    expect(error.issues.map((issue) => issue.split(':')[0])).toEqual(['serviceUrl', 'auth.password']);
    expectNoSecrets(error.message);
  });
});

describe('describeConnection', () => {
  const connections: SttConnection[] = [
    {
      serviceUrl: 'https://stt.test',
      auth: { type: 'iam', apikey: secrets[0], iamUrl: defaultIamUrl },
      disableSslVerification: false,
      requestTimeoutSeconds: 20,
    },
    {
      serviceUrl: 'https://cpd.test/speech',
      auth: { type: 'cp4d', url: 'https://cpd.test', username: 'admin', password: secrets[1] },
      disableSslVerification: true,
      requestTimeoutSeconds: 20,
    },
    {
      serviceUrl: 'https://cpd.test/speech',
      auth: { type: 'cp4d', url: 'https://cpd.test', username: 'admin', apikey: secrets[2] },
      disableSslVerification: false,
      requestTimeoutSeconds: 20,
    },
    {
      serviceUrl: 'https://stt.test',
      auth: { type: 'bearer', token: secrets[3] },
      disableSslVerification: false,
      requestTimeoutSeconds: 20,
    },
    {
      serviceUrl: `https://apikey:${secrets[4]}@stt.test`,
      auth: { type: 'basic', username: 'apikey', password: secrets[4] },
      disableSslVerification: false,
      requestTimeoutSeconds: 20,
    },
  ];

  it.each(connections)('says where and how, with secrets redacted ($auth.type)', (connection) => {
    const summary = describeConnection(connection);
    expect(summary).toContain(`auth=${connection.auth.type}`);
    expect(summary).toContain('***');
    expectNoSecrets(summary);
  });

  it('names the Cloud Pak user and notes disabled SSL verification', () => {
    expect(describeConnection(connections[1] as SttConnection)).toBe(
      'https://cpd.test/speech auth=cp4d url=https://cpd.test username=admin password=*** (SSL verification disabled)',
    );
  });
});

describe('createSttService', () => {
  it('turns credentials the SDK refuses (surrounding braces) into InvalidInput naming the field', () => {
    const connection = parseSttConnection({
      serviceUrl: 'https://stt.test',
      auth: { type: 'iam', apikey: '{IAM-KEY-s3cr3t}' },
    });
    expect(() => createSttService(connection)).toThrow(InvalidInputError);
    expect(() => createSttService(connection)).toThrow(/apikey/);
    expect(() => createSttService(connection)).not.toThrow(/s3cr3t/);
  });
});
