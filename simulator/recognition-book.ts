import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The content hash by which a reference text is registered for an audio file. */
export function audioSha256(audio: Buffer): string {
  return createHash('sha256').update(audio).digest('hex');
}

const bareVersion = z
  .string()
  .regex(/^[^\s.]+$/, 'must be a bare version such as v2020-01-16 (no spaces or dots)');

export const recognitionReferencesSchema = z.strictObject({
  references: z
    .array(
      z.strictObject({
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the audio bytes, 64 lower-case hex digits'),
        text: z.string(),
      }),
    )
    .min(1),
});

/**
 * How a base model version (or a customization, optionally on one version) mis-hears words: each
 * word is wrong with `wordErrorRate` (seeded), words in `drops` are never heard, and `confuses`
 * maps a word to the one heard instead.
 */
export const recognitionProfileSchema = z
  .strictObject({
    baseModel: z.string().min(1).optional(),
    customizationId: z.string().min(1).optional(),
    version: bareVersion.optional(),
    wordErrorRate: z.number().min(0).max(1).default(0),
    drops: z.array(z.string().min(1)).default([]),
    confuses: z.record(z.string().min(1), z.string().min(1)).default({}),
  })
  .refine((p) => (p.baseModel === undefined) !== (p.customizationId === undefined), {
    message: 'give exactly one of baseModel and customizationId',
  });

export const recognitionProfilesSchema = z.strictObject({
  profiles: z.array(recognitionProfileSchema).min(1),
});

/**
 * A silent improvement of a base model (IBM: "Improvements of ... are now available"): recognition
 * with every version of it changes, customized or not, and no version is added. Words in `drops`
 * stop being heard, `confuses` maps a word to the one heard instead, `restores` undoes earlier drops
 * and confusions of those words.
 */
export const silentImprovementSchema = z.strictObject({
  drops: z.array(z.string().min(1)).default([]),
  confuses: z.record(z.string().min(1), z.string().min(1)).default({}),
  restores: z.array(z.string().min(1)).default([]),
});
export type SilentImprovementInput = z.input<typeof silentImprovementSchema>;
export type SilentImprovement = z.output<typeof silentImprovementSchema>;

export type RecognitionReferences = z.input<typeof recognitionReferencesSchema>;
export type RecognitionProfileInput = z.input<typeof recognitionProfileSchema>;
export type RecognitionProfile = z.output<typeof recognitionProfileSchema>;

export interface RecognitionStats {
  requests: number;
  audioSeconds: number;
  /** Audio minutes billed, exact (no per-request rounding). */
  audioMinutes: number;
}

function profileKey(owner: string, version: string | undefined): string {
  return `${owner}|${version ?? '*'}`;
}

/** Reference texts by audio hash, error profiles, and the audio billed so far. */
export class RecognitionBook {
  private readonly references = new Map<string, string>();
  private readonly profiles = new Map<string, RecognitionProfile>();
  /** Per base model: what its silent improvements changed, all of them merged. */
  private readonly improvements = new Map<string, SilentImprovement>();
  private billed = { requests: 0, audioSeconds: 0 };

  addReferences(references: z.output<typeof recognitionReferencesSchema>['references']): void {
    for (const r of references) this.references.set(r.sha256, r.text);
  }

  reference(sha256: string): string | undefined {
    return this.references.get(sha256);
  }

  /** A profile replaces an earlier one for the same base model or customization and version. */
  addProfiles(profiles: readonly RecognitionProfile[]): void {
    for (const p of profiles)
      this.profiles.set(profileKey(p.customizationId ?? `base:${p.baseModel}`, p.version), p);
  }

  /**
   * The most specific profile: a customization's for this version, then for every version, then the
   * base model's for this version, then for every version. Undefined means recognition is perfect.
   */
  profileFor(
    baseModel: string,
    version: string,
    customizationIds: readonly string[],
  ): RecognitionProfile | undefined {
    for (const id of customizationIds) {
      const found =
        this.profiles.get(profileKey(id, version)) ?? this.profiles.get(profileKey(id, undefined));
      if (found) return found;
    }
    const base = `base:${baseModel}`;
    return this.profiles.get(profileKey(base, version)) ?? this.profiles.get(profileKey(base, undefined));
  }

  /** Merges an improvement over the base model's earlier ones: a later word rule replaces an earlier one. */
  improve(baseModel: string, improvement: SilentImprovement): void {
    const earlier = this.improvements.get(baseModel) ?? { drops: [], confuses: {}, restores: [] };
    const changed = new Set([
      ...improvement.drops,
      ...Object.keys(improvement.confuses),
      ...improvement.restores,
    ]);
    const kept = (word: string) => !changed.has(word);
    this.improvements.set(baseModel, {
      drops: [...earlier.drops.filter(kept), ...improvement.drops],
      confuses: {
        ...Object.fromEntries(Object.entries(earlier.confuses).filter(([word]) => kept(word))),
        ...improvement.confuses,
      },
      restores: [...earlier.restores.filter(kept), ...improvement.restores],
    });
  }

  /** The profile recognition applies: the most specific one, with the base model's silent improvements over it. */
  effectiveProfile(
    baseModel: string,
    version: string,
    customizationIds: readonly string[],
  ): RecognitionProfile | undefined {
    const profile = this.profileFor(baseModel, version, customizationIds);
    const improvement = this.improvements.get(baseModel);
    if (!improvement) return profile;
    const changed = new Set([
      ...improvement.drops,
      ...Object.keys(improvement.confuses),
      ...improvement.restores,
    ]);
    const kept = (word: string) => !changed.has(word);
    return {
      ...(profile ?? { baseModel, wordErrorRate: 0 }),
      drops: [...(profile?.drops ?? []).filter(kept), ...improvement.drops],
      confuses: {
        ...Object.fromEntries(Object.entries(profile?.confuses ?? {}).filter(([word]) => kept(word))),
        ...improvement.confuses,
      },
    };
  }

  bill(seconds: number): void {
    this.billed.requests += 1;
    this.billed.audioSeconds += seconds;
  }

  stats(): RecognitionStats {
    const audioSeconds = Math.round(this.billed.audioSeconds * 1000) / 1000;
    return {
      requests: this.billed.requests,
      audioSeconds,
      audioMinutes: Math.round((audioSeconds / 60) * 1000) / 1000,
    };
  }

  clear(): void {
    this.references.clear();
    this.profiles.clear();
    this.improvements.clear();
    this.billed = { requests: 0, audioSeconds: 0 };
  }
}
