/** Promise and iterator helpers shared by the Node and browser tests. Not a test file. */

/** Awaits `promise` and returns what it rejected with (typed as `E`); fails the test if it resolved. */
export async function rejection<E = unknown>(promise: unknown): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected a rejection');
}

/** Every value of `source`, in order, once it ends. */
export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of source) out.push(value);
  return out;
}
