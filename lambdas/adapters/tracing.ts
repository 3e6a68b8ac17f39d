import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Runs one invocation in its own X-Ray subsegment (`## <step>`), annotated with the cold start, the
 * service and the invocation's ids, so a trace can be found by execution or model. Outside Lambda,
 * or with `POWERTOOLS_TRACE_ENABLED=false`, the tracer is disabled and `work` simply runs.
 */
export async function traced<T>(
  tracer: Tracer,
  step: string,
  annotations: Readonly<Record<string, string>>,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracer.isTracingEnabled()) return work();
  const segment = tracer.getSegment();
  if (!segment) return work();
  const subsegment = segment.addNewSubsegment(`## ${step}`);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  for (const [key, value] of Object.entries(annotations)) tracer.putAnnotation(key, value);
  try {
    return await work();
  } catch (error) {
    tracer.addErrorAsMetadata(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(segment);
  }
}
