// asl-validator ships JavaScript only; the slice its tests call.
declare module 'asl-validator' {
  interface AslValidationError {
    'Error code': string;
    Message: string;
  }
  export default function validator(definition: unknown): {
    isValid: boolean;
    errors: AslValidationError[];
  };
}
