import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of S3 for a test-set reader and uploader, the object store and the settings store,
 * addressed by path (`/bucket/key`): GET and HEAD of stored objects (with their ETag), ListObjectsV2
 * in one page, 404 NoSuchKey for others, 403 AccessDenied for keys listed as forbidden, and PUT
 * with S3's conditional writes (`If-None-Match: *`, `If-Match: <etag>`, else 412 PreconditionFailed).
 */
export class S3StandIn {
  readonly objects = new Map<string, Uint8Array>();
  readonly forbidden = new Set<string>();
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const key = decodeURIComponent(url.pathname.slice(1));
      this.requests.push(`${request.method} ${key}`);
      if (request.method === 'PUT') {
        void this.put(key, request, response);
        return;
      }
      if (request.method === 'GET' && url.searchParams.get('list-type') === '2') {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(this.listing(key.replace(/\/$/u, ''), url.searchParams.get('prefix') ?? ''));
        return;
      }
      const object = this.objects.get(key);
      const failure = this.forbidden.has(key)
        ? { status: 403, code: 'AccessDenied' }
        : object === undefined
          ? { status: 404, code: 'NoSuchKey' }
          : undefined;
      if (failure) {
        response.writeHead(failure.status, { 'content-type': 'application/xml' });
        response.end(
          request.method === 'HEAD'
            ? undefined
            : `<Error><Code>${failure.code}</Code><Message>no</Message></Error>`,
        );
        return;
      }
      const body = object as Uint8Array;
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': body.length,
        etag: etagOf(body),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** ListObjectsV2's answer: every key of `bucket` under `prefix`, in one page. */
  private listing(bucket: string, prefix: string): string {
    const keys = [...this.objects.keys()]
      .filter((stored) => stored.startsWith(`${bucket}/${prefix}`))
      .map((stored) => stored.slice(bucket.length + 1))
      .sort();
    const contents = keys.map((found) => `<Contents><Key>${found}</Key><Size>1</Size></Contents>`).join('');
    return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`;
  }

  private async put(key: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const current = this.objects.get(key);
    const ifNoneMatch = request.headers['if-none-match'];
    const ifMatch = request.headers['if-match'];
    if ((ifNoneMatch === '*' && current) || (ifMatch && (!current || ifMatch !== etagOf(current)))) {
      response.writeHead(412, { 'content-type': 'application/xml' });
      response.end('<Error><Code>PreconditionFailed</Code><Message>no</Message></Error>');
      return;
    }
    const body = new Uint8Array(Buffer.concat(chunks));
    this.objects.set(key, body);
    response.writeHead(200, { etag: etagOf(body) });
    response.end();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

const etagOf = (body: Uint8Array) => `"${createHash('md5').update(body).digest('hex')}"`;
