import {
  type AuditEvent,
  auditApi,
  ROLE_LABELS,
  ROLES,
  type Role,
  SYSTEM_ROLE,
  SYSTEM_ROLE_LABEL,
} from '@gongjian/common';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { actionLabel, actionOptions, entityLabel, entityOptions } from './labels';

function Json({ value }: { value: Record<string, unknown> | null }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre style={{ margin: 0, maxHeight: 240, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** 审计日志: every change and every reveal of personal data in scope, newest first; read-only. */
export default function AuditPage() {
  const { t, label, locale } = useLocale();
  const roleName = (r: string | null) =>
    r === SYSTEM_ROLE
      ? label(SYSTEM_ROLE_LABEL)
      : r && (ROLES as readonly string[]).includes(r)
        ? label(ROLE_LABELS[r as Role])
        : (r ?? '—');
  const fields: Field<AuditEvent>[] = [
    {
      key: 'at',
      title: t('audit.at'),
      render: (r) => dayjs(r.at).format('YYYY-MM-DD HH:mm:ss'),
      column: { width: 170 },
    },
    { key: 'from', title: t('audit.from'), column: false, detail: false, filter: { kind: 'date' } },
    { key: 'to', title: t('audit.to'), column: false, detail: false, filter: { kind: 'date' } },
    { key: 'actorName', title: t('audit.actor') },
    { key: 'actorRole', title: t('f.role'), render: (r) => roleName(r.actorRole) },
    {
      key: 'action',
      title: t('audit.action'),
      render: (r) => actionLabel(r.action, locale),
      filter: { kind: 'select', options: actionOptions(locale) },
    },
    {
      key: 'entityType',
      title: t('audit.entityType'),
      render: (r) => entityLabel(r.entityType, locale),
      filter: { kind: 'select', options: entityOptions(locale) },
    },
    { key: 'entityId', title: t('audit.entityId'), column: { width: 90 } },
    { key: 'areaName', title: t('f.area') },
    { key: 'summary', title: t('audit.summary'), column: { ellipsis: true } },
    { key: 'ip', title: 'IP', column: { hidden: true } },
    { key: 'before', title: t('audit.before'), column: false, render: (r) => <Json value={r.before} /> },
    { key: 'after', title: t('audit.after'), column: false, render: (r) => <Json value={r.after} /> },
  ];
  return (
    <ListPage<AuditEvent>
      id="audit"
      title={t('menu.audit')}
      thing={t('menu.audit')}
      api={auditApi}
      fields={fields}
      nameOf={(r) =>
        `${actionLabel(r.action, locale)} · ${entityLabel(r.entityType, locale)} #${r.entityId ?? ''}`
      }
      toolbar={(list) => <ExportButton list="audit" filters={list.filters} />}
    />
  );
}
