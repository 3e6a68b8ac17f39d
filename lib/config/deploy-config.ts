import * as logs from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { migrationSettingsSchema } from '#core/migration/index.js';
import { instanceSettingsSchema, verificationSettingsSchema } from '#core/settings/instance-settings.js';
import { pollPolicyOverridesSchema } from '#core/unit/poll-policy.js';
import { customizationIdSchema, instanceIdSchema } from '#core/unit/unit-input.js';
import { releaseNotesSchema, schedulesSchema } from './trigger-config.js';

/** An acoustic model and the custom language model it was trained with; IBM does not record this. */
const pairingSchema = z.strictObject({
  acousticModelId: customizationIdSchema,
  languageModelId: customizationIdSchema,
});

/**
 * How to reach an instance, plus its platform, retraining opt-in and test sets: the schema the
 * handlers read, optional in the type so that code building a config may leave them to their defaults.
 */
const instanceSchema = instanceSettingsSchema.partial().extend({
  /** Names the instance in execution input, history and alarms. */
  id: instanceIdSchema,
  /**
   * The Secrets Manager secret holding the connection JSON: an existing one by name or ARN, or,
   * when omitted, one the stack creates empty for you to fill in.
   */
  secret: z
    .union([
      z.strictObject({ name: z.string().min(1) }),
      z.strictObject({ arn: z.string().startsWith('arn:') }),
    ])
    .optional(),
  pairings: z.array(pairingSchema).default([]),
});
export type InstanceConfig = z.infer<typeof instanceSchema>;

/** Retention periods CloudWatch Logs offers, in days ("never expire" is not offered: logs hold no audit trail). */
const offeredRetentions = Object.values(logs.RetentionDays).filter(
  (days): days is logs.RetentionDays => typeof days === 'number' && days !== logs.RetentionDays.INFINITE,
);
const logRetentionSchema = z.literal(offeredRetentions, {
  error: `must be one of ${offeredRetentions.join(', ')}`,
});

/** Who hears about failed units and finished fleet runs, and through which SNS topic. */
const notificationsSchema = z.strictObject({
  /** Each address gets an SNS subscription to confirm once. */
  emails: z.array(z.email('must be an email address')).default([]),
  /** An existing topic to publish to instead of one the stack creates (its key policy is yours). */
  topicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
    .optional(),
  /** Also report a scan that found nothing to upgrade. */
  notifyWhenNothingFound: z.boolean().default(false),
});
export type NotificationsConfig = z.infer<typeof notificationsSchema>;

/** Where the test sets live: a bucket the stack creates, or an existing one by name. */
const testSetBucketSchema = z.union([
  z.strictObject({ create: z.literal(true) }),
  z.strictObject({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)',
      ),
  }),
]);
export type TestSetBucketConfig = z.infer<typeof testSetBucketSchema>;

/** The one deploy configuration of the upgrader; a bad field fails `cdk synth` naming the field. */
export const deployConfigSchema = z
  .strictObject({
    instances: z.array(instanceSchema).min(1, 'configure at least one STT instance'),
    /** Acoustic models of one unit upgraded at the same time. */
    acousticConcurrency: z.number().int().min(1).max(40).default(4),
    /** Units of a fleet run upgrading at the same time, each its own child execution. */
    fleetMaxConcurrency: z.number().int().min(1).max(1000).default(10),
    pollPolicy: pollPolicyOverridesSchema.default({}),
    logRetentionDays: logRetentionSchema.default(logs.RetentionDays.THREE_MONTHS),
    /** `retain` keeps the audit trail when the stack is deleted. */
    historyTableRemoval: z.enum(['retain', 'destroy']).default('retain'),
    /** When the scan and the release-notes watcher run; absent: daily scan, watch every 6 hours. */
    schedules: schedulesSchema.optional(),
    /** Release-notes sources the watcher reads; absent: IBM Cloud's notes, recent entries announced. */
    releaseNotes: releaseNotesSchema.optional(),
    /** Fleet runs started by the schedule or by release notes plan and record, but upgrade nothing. */
    triggeredRunsDryRun: z.boolean().optional(),
    /** Absent: no email subscriptions, and a topic the stack creates for alarms and failures. */
    notifications: notificationsSchema.optional(),
    /** The bucket holding the test sets (a prefix per set); absent: no bucket, and no upgrade is verified. */
    testSetBucket: testSetBucketSchema.optional(),
    /** The gate of verified upgrades; absent with a test-set bucket: the defaults of every setting. */
    verification: verificationSettingsSchema.optional(),
    /** Moving custom models to large speech models: target overrides per base model, training price. */
    migration: migrationSettingsSchema
      .extend({
        /** The operators' corpus copies: a prefix of the test-set bucket, one folder per model id or name. */
        corpusPrefix: z
          .string()
          .regex(/^([A-Za-z0-9._-]+\/)+$/u, 'must be a key prefix ending in /, e.g. corpora/')
          .optional(),
      })
      .optional(),
  })
  .superRefine((config, context) => {
    // Test sets and a gate without a bucket would silently verify nothing: say so at synth.
    if (config.testSetBucket) return;
    if (config.verification) {
      context.addIssue({
        code: 'custom',
        path: ['verification'],
        message: 'needs testSetBucket: verification reads its test sets from that bucket',
      });
    }
    config.instances.forEach((instance, index) => {
      const testSets = instance.testSets;
      if (
        testSets &&
        (Object.keys(testSets.byModel).length + Object.keys(testSets.byBaseModel).length > 0 ||
          testSets.default)
      ) {
        context.addIssue({
          code: 'custom',
          path: ['instances', index, 'testSets'],
          message: 'needs testSetBucket: the test sets are read from that bucket',
        });
      }
    });
  });
export type DeployConfig = z.infer<typeof deployConfigSchema>;
