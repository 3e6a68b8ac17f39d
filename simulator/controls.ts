import { z } from 'zod';
import type { HttpAnswer } from './auth.js';
import { faultListSchema } from './faults.js';
import { fleetSeedSchema } from './fleet-schema.js';
import { parseJsonBody } from './http.js';
import { SimulatorInputError } from './issues.js';
import { ApiError } from './messages.js';
import {
  recognitionProfilesSchema,
  recognitionReferencesSchema,
  silentImprovementSchema,
} from './recognition-book.js';
import { invalidResourcesSchema } from './resources.js';
import type { RunningSimulator } from './running-simulator.js';

const releaseSchema = z.strictObject({
  version: z.string().regex(/^[^\s.]+$/, 'must be a bare version such as v2026-11-24 (no spaces or dots)'),
});

/** Test and demo controls under `/_simulator/`: no auth, never logged, bad bodies answer 400 naming the field. */
export function runControl(
  sim: RunningSimulator,
  method: string,
  segments: readonly string[],
  body: Buffer,
): HttpAnswer {
  const [, first, second, third] = segments;
  const key = `${method} ${[first, second === undefined ? '' : '*', third ?? ''].join('/')}`;
  try {
    switch (key) {
      case 'POST faults//':
        sim.addFaults(parseJsonBody(body, faultListSchema).faults);
        return { status: 201, body: {} };
      case 'DELETE faults//':
        sim.clearFaults();
        return { status: 200, body: {} };
      case 'GET requests//':
        return { status: 200, body: { requests: sim.requestLog() } };
      case 'DELETE requests//':
        sim.clearRequestLog();
        return { status: 200, body: {} };
      case 'POST reset//':
        sim.reset();
        return { status: 200, body: {} };
      case 'POST fleet//':
        return { status: 201, body: sim.seedFleet(parseJsonBody(body, fleetSeedSchema)) };
      case 'GET stats//':
        return { status: 200, body: sim.stats() };
      case 'POST base_models/*/versions': {
        const name = second as string;
        const { version } = parseJsonBody(body, releaseSchema);
        if (!sim.hasBaseModel(name)) throw new ApiError(404, `Model '${name}' not found`);
        sim.releaseBaseModelVersion(name, version);
        return { status: 201, body: { name, version } };
      }
      case 'POST recognition/*/':
        if (second === 'references') {
          sim.addRecognitionReferences(parseJsonBody(body, recognitionReferencesSchema).references);
        } else if (second === 'profiles') {
          sim.addRecognitionProfiles(parseJsonBody(body, recognitionProfilesSchema).profiles);
        } else {
          throw new ApiError(404, `No simulator control ${method} /${segments.join('/')}`);
        }
        return { status: 201, body: {} };
      case 'POST base_models/*/improvements': {
        const name = second as string;
        if (!sim.hasBaseModel(name)) throw new ApiError(404, `Model '${name}' not found`);
        sim.improveBaseModel(name, parseJsonBody(body, silentImprovementSchema));
        return { status: 201, body: { name } };
      }
      case 'POST base_models/*/withdrawn': {
        const name = second as string;
        const { version } = parseJsonBody(body, releaseSchema);
        if (!sim.hasBaseModel(name)) throw new ApiError(404, `Model '${name}' not found`);
        sim.withdrawBaseModelVersion(name, version);
        return { status: 201, body: { name, version } };
      }
      case 'POST models/*/invalid-resources':
        sim.markInvalidResources(second as string, parseJsonBody(body, invalidResourcesSchema));
        return { status: 200, body: {} };
      case 'GET models/*/': {
        const model = sim.model(second as string);
        if (!model) throw new ApiError(404, `Customization ID '${second}' not found`);
        return { status: 200, body: model };
      }
      default:
        throw new ApiError(404, `No simulator control ${method} /${segments.join('/')}`);
    }
  } catch (error) {
    if (error instanceof SimulatorInputError) throw new ApiError(400, error.message);
    throw error;
  }
}
