/**
 * Storage failures in words a person can act on. IndexedDB reports a full disk as an AbortError
 * whose inner error is a QuotaExceededError; both shapes are recognised here.
 */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

export function isQuotaError(error: unknown): boolean {
  if (errorName(error) === 'QuotaExceededError') return true;
  const inner = (error as { inner?: unknown } | null)?.inner;
  return inner !== undefined && inner !== error && isQuotaError(inner);
}

/** Runs a write, turning a quota failure into a StorageFullError; other errors pass unchanged. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError('storage is full', { cause: error });
    throw error;
  }
}
