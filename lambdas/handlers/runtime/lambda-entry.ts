import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { PowertoolsMetrics } from '#adapters/metrics.js';
import { traced } from '#adapters/tracing.js';
import { serviceName } from '#core/upgrade-metrics.js';
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
 * tries again), then the handler. Each invocation logs one line keyed by execution, instance, model
 * and step, and runs in its own X-Ray subsegment when Lambda traces it (never locally or in tests).
 */
export function lambdaHandler<D>(
  build: (env: NodeJS.ProcessEnv, powertools: Powertools) => D,
  make: (deps: D) => Handler,
): Handler {
  let container: Container | undefined;
  return async (event) => {
    container ??= startContainer(build, make);
    const { tracer, step, handle } = container;
    return traced(tracer, step, invocationKeys(event), () => handle(event));
  };
}

interface Container {
  readonly tracer: Tracer;
  readonly step: string;
  readonly handle: Handler;
}

function startContainer<D>(
  build: (env: NodeJS.ProcessEnv, powertools: Powertools) => D,
  make: (deps: D) => Handler,
): Container {
  const powertools: Powertools = {
    logger: new Logger({ serviceName }),
    tracer: new Tracer({ serviceName, captureHTTPsRequests: true }),
    metrics: new PowertoolsMetrics(),
  };
  // Minified bundles keep no function names: the stack names the handler in the environment.
  const step = process.env.UPGRADER_HANDLER ?? make.name;
  let body: Handler | undefined;
  const handle = withInvocationLogging(powertools.logger, step, (event) => {
    body ??= make(build(process.env, powertools));
    return body(event);
  });
  return { tracer: powertools.tracer, step, handle };
}
