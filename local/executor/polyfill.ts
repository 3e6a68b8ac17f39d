// aws-local-stepfunctions targets Node >= 22 and calls Promise.withResolvers inside every Task state.
// Node 20 lacks it: the call throws a TypeError that Catch rules then absorb as if the task had failed.
// Import this module before the library.

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
