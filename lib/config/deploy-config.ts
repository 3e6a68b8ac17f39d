import { z } from 'zod';
import { pollPolicyOverridesSchema } from '#core/poll-policy.js';
import { customizationIdSchema, instanceIdSchema } from '#core/upgrade-unit.js';
import { releaseNotesSchema, schedulesSchema } from './trigger-config.js';

/** An acoustic model and the custom language model it was trained with; IBM does not record this. */
const pairingSchema = z.strictObject({
  acousticModelId: customizationIdSchema,
  languageModelId: customizationIdSchema,
});

const instanceSchema = z.strictObject({
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

/** Log retention periods CloudWatch accepts, in days. */
const retentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

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

/** The one deploy configuration of the upgrader; a bad field fails `cdk synth` naming the field. */
export const deployConfigSchema = z.strictObject({
  instances: z.array(instanceSchema).min(1, 'configure at least one STT instance'),
  /** Acoustic models of one unit upgraded at the same time. */
  acousticConcurrency: z.number().int().min(1).max(40).default(4),
  /** Units of a fleet run upgrading at the same time, each its own child execution. */
  fleetMaxConcurrency: z.number().int().min(1).max(1000).default(10),
  pollPolicy: pollPolicyOverridesSchema.default({}),
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => retentionDays.includes(days), `must be one of ${retentionDays.join(', ')}`)
    .default(90),
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
});
export type DeployConfig = z.infer<typeof deployConfigSchema>;
