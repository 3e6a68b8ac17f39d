// Local mode runs on Node 20 while the Lambdas run on Node 22. Entry points and the executor import
// this module first.

// The AWS SDK's notice about Node 20 says nothing a local user can act on: off for local processes only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// aws-local-stepfunctions targets Node >= 22 and calls Promise.withResolvers inside every Task state.
// Node 20 lacks it: the call throws a TypeError that Catch rules then absorb as if the task had failed.

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type WithResolvers = <T>() => Resolvers<T>;

const promiseConstructor = Promise as unknown as { withResolvers?: WithResolvers };

if (typeof promiseConstructor.withResolvers !== 'function') {
  promiseConstructor.withResolvers = <T>(): Resolvers<T> => {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export const promiseWithResolversAvailable = (): boolean =>
  typeof promiseConstructor.withResolvers === 'function';
