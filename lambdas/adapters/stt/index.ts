export { createSttService } from './client.js';
export {
  type AuthConfig,
  authConfigSchema,
  defaultIamUrl,
  describeConnection,
  parseSttConnection,
  type SttConnection,
  sttConnectionSchema,
} from './connection.js';
export { toSttError } from './errors.js';
