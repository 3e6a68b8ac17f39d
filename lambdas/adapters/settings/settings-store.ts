import type { z } from 'zod';
import { InvalidSettingsError } from '#core/contract/errors.js';
import { describeIssues } from '#core/contract/parse.js';
import { importPairings, type PairingRow } from '#core/settings/pairing-file.js';
import {
  type DeployedSettings,
  deployedSettingsSchema,
  emptyOperatorPairings,
  operatorPairingsSchema,
  SettingsObjectKey,
  SettingsSnapshot,
} from '#core/settings/settings-documents.js';
import type { SettingsObjects } from './settings-objects.js';

export interface SettingsStoreOptions {
  /**
   * How long a warm container keeps what it read: an import reaches every handler within this time.
   * @default 60 seconds
   */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

/** An import that kept meeting other writers. */
const WRITE_ATTEMPTS = 5;

/**
 * Instances, settings and pairings, read from the settings objects and kept for a short while,
 * so a warm Lambda reads them once a minute rather than on every invocation.
 */
export class SettingsStore {
  private cached: { snapshot: Promise<SettingsSnapshot>; readAt: number } | undefined;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly objects: SettingsObjects,
    options: SettingsStoreOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get location(): string {
    return this.objects.location;
  }

  /** Both objects, merged; rejects with `InvalidSettings` naming the object and the field. */
  snapshot(): Promise<SettingsSnapshot> {
    const now = this.now();
    if (this.cached && now - this.cached.readAt < this.maxAgeMs) return this.cached.snapshot;
    const snapshot = this.read();
    this.cached = { snapshot, readAt: now };
    // A failed read is not kept: the next invocation tries again.
    snapshot.catch(() => {
      if (this.cached?.snapshot === snapshot) this.cached = undefined;
    });
    return snapshot;
  }

  /** Writes the deployed settings whole, as a deploy does (local mode; in AWS the stack writes them). */
  async publishDeployed(settings: DeployedSettings): Promise<void> {
    const text = `${JSON.stringify(deployedSettingsSchema.parse(settings), null, 2)}\n`;
    await this.retryWrite(SettingsObjectKey.Deployed, async () => text);
    this.cached = undefined;
  }

  /** Adds the rows to the operator's pairings (or, with `replace`, makes them each named instance's list). */
  async importPairings(rows: readonly PairingRow[], options: { readonly replace: boolean }): Promise<void> {
    await this.retryWrite(SettingsObjectKey.OperatorPairings, async (current) => {
      const pairings = current
        ? this.parse(SettingsObjectKey.OperatorPairings, current, operatorPairingsSchema)
        : emptyOperatorPairings();
      return `${JSON.stringify(importPairings(pairings, rows, options), null, 2)}\n`;
    });
    this.cached = undefined;
  }

  private async read(): Promise<SettingsSnapshot> {
    const [deployed, operator] = await Promise.all([
      this.objects.read(SettingsObjectKey.Deployed),
      this.objects.read(SettingsObjectKey.OperatorPairings),
    ]);
    if (!deployed) {
      throw new InvalidSettingsError(this.what(SettingsObjectKey.Deployed), [
        'missing: deploy the stack (or start local mode) to write it',
      ]);
    }
    return new SettingsSnapshot(
      this.parse(SettingsObjectKey.Deployed, deployed.text, deployedSettingsSchema),
      operator
        ? this.parse(SettingsObjectKey.OperatorPairings, operator.text, operatorPairingsSchema)
        : emptyOperatorPairings(),
    );
  }

  private parse<T extends z.ZodType>(key: SettingsObjectKey, text: string, schema: T): z.output<T> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new InvalidSettingsError(this.what(key), ['not JSON']);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new InvalidSettingsError(this.what(key), describeIssues(parsed.error));
    return parsed.data;
  }

  private async retryWrite(key: SettingsObjectKey, next: (current: string | undefined) => Promise<string>) {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const current = await this.objects.read(key);
      if (await this.objects.write(key, await next(current?.text), current?.etag ?? null)) return;
    }
    throw new Error(`${this.what(key)} kept changing while it was written: try again`);
  }

  private what(key: SettingsObjectKey): string {
    return `Settings ${this.objects.location}${key}`;
  }
}
