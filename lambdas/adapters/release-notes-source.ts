import { z } from 'zod';
import { ErrorName, UpgraderError } from '#core/contract/errors.js';
import { describeIssues } from '#core/contract/parse.js';
import type { ReleaseNotesReader } from '#core/release/trigger-ports.js';

export interface ReleaseNotesSourceOptions {
  /** Bound on the whole fetch, body included. Default 30 s. */
  readonly timeoutMs?: number;
  /** Largest body accepted; IBM's longest notes are a few hundred KB. Default 5 MiB. */
  readonly maxBytes?: number;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const optionsSchema = z.object({
  timeoutMs: z.number().int().min(1).max(300_000).default(DEFAULT_FETCH_TIMEOUT_MS),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(DEFAULT_MAX_BYTES),
});

/** What a response must look like before its body is read. */
const headersSchema = z.object({
  contentType: z
    .string()
    .refine(
      (type) => /^text\//i.test(type),
      'must be text/* (Markdown is served as text/plain or text/markdown)',
    )
    .refine(
      (type) => !/charset=/i.test(type) || /charset="?(utf-8|us-ascii)"?/i.test(type),
      'must declare UTF-8 or no charset',
    )
    .optional(),
});

/** The decoded body: Markdown text, not an empty answer, a binary file or a web page. */
const textSchema = z
  .string()
  .refine((text) => text.trim().length > 0, 'is empty')
  .refine((text) => !text.includes('\u0000'), 'contains NUL characters: not text')
  .refine(
    (text) => !/^\s*(<!doctype html|<html[\s>])/i.test(text),
    'is an HTML page, not the Markdown source',
  );

const unavailable = (url: string, why: string, cause?: unknown) =>
  new UpgraderError(ErrorName.ReleaseNotesUnavailable, `Release notes ${url} could not be fetched: ${why}`, {
    cause,
  });

const unreadable = (url: string, why: string, cause?: unknown) =>
  new UpgraderError(ErrorName.ReleaseNotesUnreadable, `Release notes ${url} are unreadable: ${why}`, {
    cause,
  });

/**
 * Fetches release notes over HTTP(S) with a time limit and a size cap. A failed request, a
 * non-2xx answer or a timeout is `ReleaseNotesUnavailable`; a body that is too large, not UTF-8
 * text, or a web page instead of Markdown is `ReleaseNotesUnreadable`. Never an empty success.
 */
export function releaseNotesReader(options: ReleaseNotesSourceOptions = {}): ReleaseNotesReader {
  const { timeoutMs, maxBytes } = optionsSchema.parse(options);
  return async (url) => {
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        signal,
        redirect: 'follow',
        headers: { accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' },
      });
    } catch (error) {
      throw unavailable(url, describeFetchError(error, timeoutMs), error);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw unavailable(url, `HTTP ${response.status} ${response.statusText}`.trim());
    }
    const headers = headersSchema.safeParse({
      contentType: response.headers.get('content-type') ?? undefined,
    });
    if (!headers.success) {
      await response.body?.cancel().catch(() => undefined);
      throw unreadable(url, describeIssues(headers.error).join('; '));
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw unreadable(url, `the answer is ${declared} bytes, more than the ${maxBytes} accepted`);
    }
    const bytes = await readCapped(url, response, maxBytes, timeoutMs);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (error) {
      throw unreadable(url, 'the answer is not UTF-8 text', error);
    }
    const checked = textSchema.safeParse(text);
    if (!checked.success) throw unreadable(url, `the body ${describeIssues(checked.error).join('; ')}`);
    return checked.data;
  };
}

/** The body, refusing it as soon as it grows past the cap (a missing Content-Length does not bypass it). */
async function readCapped(url: string, response: Response, maxBytes: number, timeoutMs: number) {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw unreadable(url, `the answer is larger than the ${maxBytes} bytes accepted`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UpgraderError) throw error;
    throw unavailable(url, describeFetchError(error, timeoutMs), error);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  // fetch reports network failures as "fetch failed" with the reason in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
