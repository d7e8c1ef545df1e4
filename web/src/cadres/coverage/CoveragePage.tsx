import { Tabs } from 'antd';
import { useLocale } from '#web/i18n/locale.tsx';
import { StatusTab } from './StatusTab';
import { VisitsTab } from './VisitsTab';

/**
 * 包保责任: which branches cover which zones, compounds and buildings of a community ("12 个支部
 * 包保 4 个片区、24 个小区、98 栋楼，实现全覆盖"), the gaps and clashes, and the visit coverage of
 * the two-new organisations with the demands the visits took.
 */
export default function CoveragePage() {
  const { t } = useLocale();
  return (
    <Tabs
      destroyOnHidden
      items={[
        { key: 'status', label: t('cov.tabStatus'), children: <StatusTab /> },
        { key: 'visits', label: t('cov.tabVisits'), children: <VisitsTab /> },
      ]}
    />
  );
}
