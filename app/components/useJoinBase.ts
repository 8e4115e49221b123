'use client';
/** The address to give the class (see lib/joinAddress), asked of the server once per page. */
import { useEffect, useState } from 'react';
import { fetchServerInfo } from '../lib/api';
import { chooseJoinBase, type JoinBase } from '../lib/joinAddress';

/** Null until known in the browser; the page's own origin when the server cannot say. */
export function useJoinBase(): JoinBase | null {
  const [base, setBase] = useState<JoinBase | null>(null);
  useEffect(() => {
    let live = true;
    const origin = window.location.origin;
    void fetchServerInfo().then((r) => live && setBase(chooseJoinBase(origin, r.ok ? r.value : null)));
    return () => void (live = false);
  }, []);
  return base;
}
