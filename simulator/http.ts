import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeZodIssues } from './issues.js';
import { ApiError, SimulatorMessages } from './messages.js';

/** Largest body accepted: IBM's limit for one audio resource. */
const maxBodyBytes = 100 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBodyBytes) reject(new ApiError(413, `Request body exceeds ${maxBodyBytes} bytes`));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Parses a JSON body with `schema`; a 400 names every bad field. */
export function parseJsonBody<T extends z.ZodType>(body: Buffer, schema: T): z.output<T> {
  let value: unknown;
  try {
    value = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, SimulatorMessages.malformedJson);
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ApiError(400, SimulatorMessages.invalidBody(describeZodIssues(result.error).join('; ')));
  return result.data;
}

/** The text of the `corpus_file` part (or the first part) of a multipart/form-data body. */
export function multipartText(body: Buffer, contentType: string): string | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const text = body.toString('utf8');
  const parts = text.split(`--${boundary}`).slice(1, -1);
  const part = parts.find((p) => /name="corpus_file"/i.test(p)) ?? parts[0];
  if (part === undefined) return undefined;
  const start = part.indexOf('\r\n\r\n');
  if (start < 0) return undefined;
  return part.slice(start + 4).replace(/\r\n$/, '');
}
