/** Where an AWS client sends its requests: AWS itself, or a stand-in on this machine in tests and local mode. */
export interface AwsEndpointOptions {
  /** A loopback endpoint for tests and local mode; omitted in AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/**
 * Client settings for the options: AWS's defaults when no endpoint is given; for a loopback
 * endpoint a region and throwaway credentials, since stand-ins accept any signature.
 */
export function awsClientConfig(options: AwsEndpointOptions) {
  const local = options.endpoint !== undefined && isLoopback(options.endpoint);
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : local ? { region: 'us-east-1' } : {}),
    ...(options.credentials
      ? { credentials: options.credentials }
      : local
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
  };
}
