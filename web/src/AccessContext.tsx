import { createContext, useContext } from 'react';
import type { Access } from './access';

/** The signed-in role's access flags, provided once above the routes. */
export const AccessContext = createContext<Access | null>(null);

export function useAccess(): Access {
  const a = useContext(AccessContext);
  if (!a) throw new Error('useAccess outside the signed-in routes');
  return a;
}
