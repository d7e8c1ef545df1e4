import { type UnitDetail, unitApi } from '@gongjian/common';
import { Alert, Card, Descriptions, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { call } from '#web/api/call.ts';
import { useMe } from '#web/api/session.tsx';
import { DictLabel } from '#web/components/fields.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { UnitExtra } from './UnitsPage';

/** 本单位: the unit admin's own unit, with its organisations and registered members. */
export default function MyUnitPage() {
  const me = useMe();
  const { t, locale } = useLocale();
  const [unit, setUnit] = useState<UnitDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => {
    if (!me.unitId) return;
    call(unitApi.get, { params: { id: me.unitId } })
      .then(setUnit)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [me.unitId, locale]);
  if (error) return <Alert type="error" showIcon title={t('list.loadFailed')} description={error} />;
  if (!unit)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  return (
    <Card title={unit.name} size="small" style={{ maxWidth: 900 }}>
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('f.unitType')}>
          <DictLabel type="unit_type" code={unit.type} />
        </Descriptions.Item>
        <Descriptions.Item label={t('f.area')}>{unit.areaName}</Descriptions.Item>
        <Descriptions.Item label={t('f.creditCode')}>{unit.creditCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('f.address')}>{unit.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('f.contactName')}>{unit.contactName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('f.contactPhone')}>{unit.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('f.declaredMembers')}>{unit.memberCount ?? '—'}</Descriptions.Item>
      </Descriptions>
      <UnitExtra unit={unit} />
    </Card>
  );
}
