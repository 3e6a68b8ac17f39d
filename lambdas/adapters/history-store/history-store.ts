import type { ReleaseEntry, ReleaseSource } from '#core/history/history-records.js';
import type { HistoryClaims } from '#core/history/ports.js';
import type { ReleaseNotesHistory } from '#core/release/ports.js';
import type { ClaimTarget, EarlierRequest } from '#core/unit/steps/step-claim.js';
import { ClaimStore } from './claim-store.js';
import { createDocumentClient, type HistoryStoreOptions } from './client.js';
import { FleetStore } from './fleet-store.js';
import { MigrationStore } from './migration-store.js';
import { ReleaseNotesStore } from './release-notes-store.js';
import { RunStore } from './run-store.js';
import { StoppedRunNotes } from './stopped-notes.js';
import { Table } from './table.js';
import { VerificationStore } from './verification-store.js';
import { WatchStore } from './watch-store.js';

/**
 * The upgrade history in one DynamoDB table, as one object: the run store's runs, attempts and
 * steps, and each other concern in its own store. Claims and release notes are also answered here,
 * so that one history serves every port a handler takes. Every write touches one item and is
 * conditional where a retried Lambda or a second execution could collide, because the local
 * emulator has no transactions.
 */
export class HistoryStore extends RunStore implements HistoryClaims, ReleaseNotesHistory {
  /** Who may act on a model in which step: the concurrency-critical part. */
  readonly claimStore: ClaimStore;
  /** Release-notes entries and the watcher's checks of each source. */
  readonly releaseNotes: ReleaseNotesStore;
  /** Fleet runs, their pages of units and the units' outcomes. */
  readonly fleet: FleetStore;
  /** Verifications of upgraded models: plans, recognised batches and records. */
  readonly verification: VerificationStore;
  /** Migrations to large speech models: one record per source model. */
  readonly migration: MigrationStore;
  /** The accuracy watch: measurements, baselines, alerts, runs and the minutes they spent. */
  readonly watch: WatchStore;
  /** The closer's notes of stopped runs whose attempts a later run settles. */
  readonly stopped: StoppedRunNotes;

  constructor(options: HistoryStoreOptions) {
    const table = new Table(createDocumentClient(options), options.tableName);
    super(table);
    this.claimStore = new ClaimStore(table);
    this.releaseNotes = new ReleaseNotesStore(table);
    this.fleet = new FleetStore(table);
    this.verification = new VerificationStore(table);
    this.migration = new MigrationStore(table);
    this.watch = new WatchStore(table);
    this.stopped = new StoppedRunNotes(table);
  }

  claim(target: ClaimTarget, runId: string, claimedAt: string, executionArn?: string) {
    return this.claimStore.claim(target, runId, claimedAt, executionArn);
  }

  noteRequest(target: ClaimTarget, runId: string, request: EarlierRequest) {
    return this.claimStore.noteRequest(target, runId, request);
  }

  forgetRequest(target: ClaimTarget, runId: string) {
    return this.claimStore.forgetRequest(target, runId);
  }

  takeOverClaim(
    target: ClaimTarget,
    runId: string,
    fromRunId: string,
    claimedAt: string,
    executionArn?: string,
  ) {
    return this.claimStore.takeOverClaim(target, runId, fromRunId, claimedAt, executionArn);
  }

  claims(instanceId: string, customizationId: string) {
    return this.claimStore.claims(instanceId, customizationId);
  }

  releaseClaims(instanceId: string, customizationId: string, runId: string) {
    return this.claimStore.releaseClaims(instanceId, customizationId, runId);
  }

  putReleaseEntry(entry: Omit<ReleaseEntry, 'type'>) {
    return this.releaseNotes.putReleaseEntry(entry);
  }

  getReleaseEntry(source: string, entryId: string) {
    return this.releaseNotes.getReleaseEntry(source, entryId);
  }

  releaseEntries(source: string) {
    return this.releaseNotes.releaseEntries(source);
  }

  getReleaseSource(source: string) {
    return this.releaseNotes.getReleaseSource(source);
  }

  recordReleaseSource(check: Omit<ReleaseSource, 'type'>) {
    return this.releaseNotes.recordReleaseSource(check);
  }
}
