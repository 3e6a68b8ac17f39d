import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { PowertoolsMetrics } from '#adapters/metrics.js';
import { traced } from '#adapters/tracing.js';
import { serviceName } from '#core/unit/upgrade-metrics.js';
import { invocationKeys, withInvocationLogging } from './observability.js';
import type { UnitHandler as Handler } from './unit-deps.js';

/** The Powertools utilities of one Lambda container, made before its deps and shared by every invocation. */
export interface Powertools {
  readonly logger: Logger;
  readonly tracer: Tracer;
  readonly metrics: PowertoolsMetrics;
}

/**
 * The Lambda entry point of every handler. At the first invocation it makes the container's
 * Powertools utilities, then the deps from the environment (`build`: a bad environment fails the
 * invocation with `InvalidInput` naming the variable, logged as any failure, and the next invocation
 * tries again), then the handler, behind {@link handlerEntry}.
 */
export function lambdaHandler<D>(
  build: (env: NodeJS.ProcessEnv, powertools: Powertools) => D,
  make: (deps: D) => Handler,
): Handler {
  let handle: Handler | undefined;
  return async (event) => {
    handle ??= startContainer(build, make);
    return handle(event);
  };
}

/**
 * What every invocation goes through, in AWS and in local mode: one log line keyed by execution,
 * instance, model and step (the error's name and message on failure, then rethrown, so Step
 * Functions' Retry and Catch rules see the same error), inside its own X-Ray subsegment where Lambda
 * traces it (never locally or in tests).
 */
export function handlerEntry(
  powertools: Pick<Powertools, 'logger' | 'tracer'>,
  step: string,
  handle: Handler,
): Handler {
  const logged = withInvocationLogging(powertools.logger, step, handle);
  return (event) => traced(powertools.tracer, step, invocationKeys(event), () => logged(event));
}

function startContainer<D>(
  build: (env: NodeJS.ProcessEnv, powertools: Powertools) => D,
  make: (deps: D) => Handler,
): Handler {
  const powertools: Powertools = {
    logger: new Logger({ serviceName }),
    tracer: new Tracer({ serviceName, captureHTTPsRequests: true }),
    metrics: new PowertoolsMetrics(),
  };
  // Minified bundles keep no function names: the stack names the handler in the environment.
  const step = process.env.UPGRADER_HANDLER ?? make.name;
  let body: Handler | undefined;
  return handlerEntry(powertools, step, (event) => {
    body ??= make(build(process.env, powertools));
    return body(event);
  });
}
