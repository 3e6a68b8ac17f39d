import { GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { type AwsEndpointOptions, awsClientConfig } from '#adapters/aws-endpoint.js';
import { InvalidInputError } from '#core/contract/errors.js';
import {
  audioSizeProblem,
  parseTestSetManifest,
  type TestSetUtterance,
} from '#core/verification/test-set.js';
import { mapWithConcurrency } from './concurrency.js';
import {
  audioKey,
  formatS3Location,
  manifestKey,
  parseS3Location,
  type S3TestSetLocation,
} from './s3-location.js';
import { distinctAudio, type TestSetSource, throwAudioProblems } from './test-set-source.js';

/** HEAD requests in flight while checking a set's audio: quick for hundreds of files, gentle on S3. */
const CHECK_CONCURRENCY = 16;

/** A test set under an S3 prefix: `<prefix>manifest.jsonl` with audio keys `<prefix><audio path>`. */
export class S3TestSet implements TestSetSource {
  readonly location: string;
  private readonly where: S3TestSetLocation;
  private readonly client: S3Client;

  /** `location` is `s3://bucket/prefix/`; `options.endpoint` points at a stand-in in tests. */
  constructor(location: string, options: AwsEndpointOptions = {}) {
    this.where = parseS3Location(location);
    this.location = formatS3Location(this.where);
    // Loopback stand-ins serve buckets by path, not by host name.
    this.client = new S3Client({
      ...awsClientConfig(options),
      forcePathStyle: options.endpoint !== undefined,
    });
  }

  async readManifest(): Promise<TestSetUtterance[]> {
    const key = manifestKey(this.where);
    let text: string;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: key }));
      text = (await answer.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      const problem = objectProblem(error);
      if (problem === undefined) throw error;
      throw new InvalidInputError(`Test set ${this.location}`, [`${key}: ${problem}`]);
    }
    return parseTestSetManifest(text, `s3://${this.where.bucket}/${key}`);
  }

  async readAudio(audio: string): Promise<Uint8Array> {
    const answer = await this.client.send(
      new GetObjectCommand({ Bucket: this.where.bucket, Key: audioKey(this.where, audio) }),
    );
    return (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  async checkAudio(utterances: readonly TestSetUtterance[]): Promise<void> {
    const problems = await mapWithConcurrency(distinctAudio(utterances), CHECK_CONCURRENCY, async (audio) => {
      const problem = await this.audioProblem(audio);
      return problem === undefined ? undefined : `${audio}: ${problem}`;
    });
    throwAudioProblems(this.location, problems);
  }

  private async audioProblem(audio: string): Promise<string | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.where.bucket, Key: audioKey(this.where, audio) }),
      );
      return audioSizeProblem(head.ContentLength ?? 0);
    } catch (error) {
      const problem = objectProblem(error);
      if (problem === undefined) throw error;
      return problem;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** What is wrong with an object S3 refused, or undefined for faults that are not the set's (network, 5xx). */
function objectProblem(error: unknown): string | undefined {
  if (!(error instanceof S3ServiceException)) return undefined;
  const status = error.$metadata.httpStatusCode;
  if (status === 404) return 'missing';
  // Without s3:ListBucket, S3 answers 403 for a missing key as well.
  if (status === 403) return 'not readable (access denied, or missing and ListBucket not allowed)';
  return undefined;
}
