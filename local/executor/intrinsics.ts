import { z } from 'zod';

// Resolves the CloudFormation intrinsic functions CDK emits into state machine definitions, with fixed
// local values for the account, region and resource identifiers so definitions are deterministic.

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export const lambdaArn = (logicalId: string): string =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
export const stateMachineArn = (logicalId: string): string =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
};

export const resourceSchema = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
});
const parameterSchema = z.object({ Default: z.unknown().optional() });
export const templateSchema = z.object({
  Resources: z.record(z.string(), resourceSchema),
  Parameters: z.record(z.string(), parameterSchema).optional(),
});
export type Template = z.infer<typeof templateSchema>;

const joinArgs = z.tuple([z.string(), z.array(z.unknown())]);
const getAttArgs = z.union([z.tuple([z.string(), z.string()]), z.string()]);
const subArgs = z.union([z.string(), z.tuple([z.string(), z.record(z.string(), z.unknown())])]);
const selectArgs = z.tuple([z.union([z.number(), z.string()]), z.unknown()]);

export class IntrinsicResolver {
  constructor(private readonly template: Template) {}

  /** Resolves every intrinsic function in `value`; `path` names the location in errors. */
  resolve(value: unknown, path: string): unknown {
    if (Array.isArray(value)) return value.map((item, i) => this.resolve(item, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      return this.intrinsic(first[0], first[1], `${path}.${first[0]}`);
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item, `${path}.${key}`)]));
  }

  private intrinsic(name: string, args: unknown, path: string): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(z.string().parse(args), path);
      case 'Fn::GetAtt': {
        const parsed = getAttArgs.parse(args);
        const [logicalId, attribute] = typeof parsed === 'string' ? splitOnce(parsed, '.') : parsed;
        return this.getAtt(logicalId, attribute, path);
      }
      case 'Fn::Join': {
        const [delimiter, parts] = joinArgs.parse(args);
        return parts.map((part, i) => this.resolveString(part, `${path}[${i}]`)).join(delimiter);
      }
      case 'Fn::Sub': {
        const parsed = subArgs.parse(args);
        const [text, variables] = typeof parsed === 'string' ? [parsed, {}] : parsed;
        return this.sub(text, variables, path);
      }
      case 'Fn::Select': {
        const [index, list] = selectArgs.parse(args);
        const items = z.array(z.unknown()).parse(this.resolve(list, path));
        return items[Number(index)];
      }
      default:
        throw new Error(`Unsupported intrinsic function ${name} at ${path}`);
    }
  }

  resolveString(value: unknown, path: string): string {
    const resolved = this.resolve(value, path);
    if (typeof resolved !== 'string')
      throw new Error(`Expected a string at ${path}, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  private ref(logicalId: string, path: string): string {
    const pseudo = PSEUDO_PARAMETERS[logicalId];
    if (pseudo !== undefined) return pseudo;
    const parameter = this.template.Parameters?.[logicalId];
    if (parameter) {
      if (typeof parameter.Default === 'string') return parameter.Default;
      throw new Error(`Parameter ${logicalId} referenced at ${path} has no string default`);
    }
    const resource = this.resourceAt(logicalId, path);
    // Ref follows CloudFormation: a function's name, a state machine's ARN, otherwise the physical id.
    if (resource.Type === 'AWS::StepFunctions::StateMachine') return stateMachineArn(logicalId);
    return logicalId;
  }

  private getAtt(logicalId: string, attribute: string, path: string): string {
    const resource = this.resourceAt(logicalId, path);
    if (!attribute) throw new Error(`Fn::GetAtt of ${logicalId} without an attribute at ${path}`);
    if (attribute === 'Arn') {
      if (resource.Type === 'AWS::Lambda::Function') return lambdaArn(logicalId);
      if (resource.Type === 'AWS::StepFunctions::StateMachine') return stateMachineArn(logicalId);
      const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown';
      return `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`;
    }
    if (attribute === 'Name' && resource.Type === 'AWS::StepFunctions::StateMachine') return logicalId;
    return `${logicalId}.${attribute}`;
  }

  private sub(text: string, variables: Record<string, unknown>, path: string): string {
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return this.resolveString(variables[name], `${path}.${name}`);
      if (name in PSEUDO_PARAMETERS || !name.includes('.')) return this.ref(name, path);
      const [logicalId, attribute] = splitOnce(name, '.');
      return this.getAtt(logicalId, attribute, path);
    });
  }

  private resourceAt(logicalId: string, path: string): z.infer<typeof resourceSchema> {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`Unknown reference ${logicalId} at ${path}`);
    return resource;
  }
}

const splitOnce = (text: string, separator: string): [string, string] => {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
};
