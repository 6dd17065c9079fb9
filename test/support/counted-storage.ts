import type { PublishDeps } from '../../src/pipeline/publish.ts';

type Storage = Pick<PublishDeps, 'landing' | 'publicFiles' | 'catalog'>;

/**
 * `deps` whose three stores count every method call, S3 and DynamoDB alike: `before(n)` runs just
 * before the nth and, when it returns a promise, the caller gets that promise instead of the call
 * (a crash test's way to stop a publish there). `calls()` says how many were made.
 */
export function countedStorage<D extends Storage>(
  deps: D,
  before: (call: number) => Promise<never> | void,
): { deps: D; calls: () => number } {
  let calls = 0;
  const counting = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls += 1;
          return before(calls) ?? (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  return {
    deps: { ...deps, landing: counting(deps.landing), publicFiles: counting(deps.publicFiles), catalog: counting(deps.catalog) },
    calls: () => calls,
  };
}
