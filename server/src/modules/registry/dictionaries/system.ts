import { DICT_TYPES, SYSTEM_DICTIONARIES } from '@gongjian/common';
import type { Tx } from '#server/db/client.ts';
import { dictItems } from '#server/db/schema/index.ts';

/** Give a new district the built-in dictionary items every district starts with. */
export async function seedSystemDictionaries(tx: Tx, districtId: number) {
  const rows = DICT_TYPES.flatMap((type) =>
    SYSTEM_DICTIONARIES[type].items.map(([code, labelZh, labelEn], i) => ({
      areaId: districtId,
      type,
      code,
      labelZh,
      labelEn,
      sort: (i + 1) * 10,
      system: true,
    })),
  );
  await tx.insert(dictItems).values(rows).onConflictDoNothing();
}
