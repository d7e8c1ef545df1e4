import { type AreaLevel, areaApi } from '@gongjian/common';
import { useEffect, useState } from 'react';
import { call } from '#web/api/call.ts';
import { useMe } from '#web/api/session.tsx';

/**
 * The node a report opens on: the caller's own node when it is of the wanted level (or any level
 * is fine), else the first node of that level in scope. `undefined` while looking, `null` when
 * the scope holds none.
 */
export function useDefaultArea(level?: AreaLevel): number | null | undefined {
  const me = useMe();
  const own = me.areaId !== null && (!level || me.areaLevel === level) ? me.areaId : undefined;
  const [found, setFound] = useState<number | null | undefined>(own);
  useEffect(() => {
    if (own !== undefined) return;
    let live = true;
    call(areaApi.list, { query: { level: level ?? 'district', pageSize: 1 } })

      .then((r) => live && setFound(r.data[0]?.id ?? null))
      .catch(() => live && setFound(null));
    return () => {
      live = false;
    };
  }, [own, level]);
  return own ?? found;
}
