'use client';
/**
 * A setting shown at once, before the server confirms it: the shown value is the one asked for
 * until the room's snapshot reports it (then the snapshot's own value shows) or the request fails
 * (then it rolls back to what the snapshot says).
 */
import { useCallback, useState } from 'react';

export function usePendingValue<T>(actual: T): [shown: T, change: (next: T, request: () => Promise<boolean>) => Promise<boolean>] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  // Derived while rendering rather than in an effect: once the room reports the value, the
  // pending one is dropped the same render.
  if (pending && Object.is(pending.value, actual)) setPending(null);
  const change = useCallback(async (next: T, request: () => Promise<boolean>) => {
    setPending({ value: next });
    const ok = await request();
    if (!ok) setPending((p) => (p && Object.is(p.value, next) ? null : p));
    return ok;
  }, []);
  return [pending ? pending.value : actual, change];
}
