import {
  type Account,
  AREA_ADMIN_ROLES,
  accountApi,
  accountCreate,
  accountListQuery,
  accountUpdate,
  memberApi,
  ROLE_AREA_LEVEL,
  ROLE_LABELS,
  ROLES,
  type Role,
  residentApi,
  unitApi,
} from '@gongjian/common';
import { App, Button, Tag } from 'antd';
import { useAccess } from '#web/AccessContext.tsx';
import { call } from '#web/api/call.ts';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useOpeningFilters } from '#web/components/openingFilters.ts';
import { useLocale } from '#web/i18n/locale.tsx';

const roleIs =
  (...roles: Role[]) =>
  (v: Record<string, unknown>) =>
    roles.includes(v.role as Role);

/** 账号: accounts in scope; create with a role and its binding, rename, reset password, disable. */
export default function AccountsPage() {
  // A figure's drill (the home page's counts and charts) opens the list filtered.
  const opening = useOpeningFilters(accountListQuery);
  const { t, label } = useLocale();
  const access = useAccess();
  const { message, modal } = App.useApp();
  const roleOptions = (roles: readonly Role[]) =>
    roles.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }));

  const fields: Field<Account>[] = [
    { key: 'username', title: t('f.username'), input: { kind: 'text' }, on: 'create' },
    { key: 'displayName', title: t('f.displayName'), input: { kind: 'text' } },
    {
      key: 'role',
      title: t('f.role'),
      render: (r) => label(ROLE_LABELS[r.role]),
      input: { kind: 'select', options: roleOptions(access.grantableRoles) },
      filter: { kind: 'select', options: roleOptions(ROLES) },
      on: 'create',
    },
    {
      key: 'areaName',
      name: 'areaId',
      title: t('f.area'),
      render: (r) => r.areaName ?? '—',
      input: { kind: 'area' },
      filter: { kind: 'area' },
      on: 'create',
      visibleWhen: roleIs(...AREA_ADMIN_ROLES),
      help: t('accounts.bindingHint'),
    },
    {
      key: 'unitId',
      title: t('f.unit'),
      column: false,
      detail: false,
      input: { kind: 'ref', endpoint: unitApi.list },
      on: 'create',
      visibleWhen: roleIs('unit_admin'),
    },
    {
      key: 'memberId',
      title: t('f.member'),
      column: false,
      detail: false,
      input: { kind: 'ref', endpoint: memberApi.list },
      on: 'create',
      visibleWhen: roleIs('member'),
    },
    {
      key: 'residentId',
      title: t('f.resident'),
      column: false,
      detail: false,
      input: { kind: 'ref', endpoint: residentApi.list },
      on: 'create',
      visibleWhen: roleIs('resident'),
    },
    {
      key: 'password',
      title: t('f.password'),
      column: false,
      detail: false,
      input: { kind: 'password' },
      on: 'create',
    },
    {
      key: 'newPassword',
      name: 'password',
      title: t('f.newPassword'),
      column: false,
      detail: false,
      input: { kind: 'password' },
      on: 'edit',
      help: t('f.passwordHint'),
    },
    {
      key: 'disabled',
      title: t('f.status'),
      render: (r) => (r.disabled ? <Tag>{t('f.disabled')}</Tag> : <Tag color="green">{t('f.enabled')}</Tag>),
      filter: {
        kind: 'select',
        options: [
          { value: 'false', label: t('f.enabled') },
          { value: 'true', label: t('f.disabled') },
        ],
      },
      column: { width: 90 },
    },
    {
      key: 'lastLoginAt',
      title: t('f.lastLoginAt'),
      render: (r) => (r.lastLoginAt ? new Date(r.lastLoginAt).toLocaleString() : '—'),
    },
    {
      key: 'createdAt',
      title: t('f.createdAt'),
      render: (r) => new Date(r.createdAt).toLocaleString(),
      column: { hidden: true },
    },
  ];

  const toggle = (r: Account, reload: () => void) => {
    const disabling = !r.disabled;
    modal.confirm({
      title: `${disabling ? t('accounts.disable') : t('accounts.enable')}：${r.displayName}（${r.username}）`,
      okText: t('list.ok'),
      cancelText: t('list.cancel'),
      okButtonProps: { danger: disabling },
      onOk: async () => {
        try {
          await call(accountApi.update, { params: { id: r.id }, body: { disabled: disabling } });
          message.success(t('list.saved'));
          reload();
        } catch (e) {
          message.error(e instanceof Error ? e.message : String(e));
        }
      },
    });
  };

  return (
    <ListPage<Account>
      id="accounts"
      title={t('menu.accounts')}
      thing={t('accounts.thing')}
      api={accountApi}
      initialFilters={opening}
      fields={fields}
      nameOf={(r) => `${r.displayName}（${r.username}）`}
      createSchema={accountCreate}
      canCreate={access.grantableRoles.length > 0}
      createDefaults={{
        role: access.grantableRoles.find((r) => ROLE_AREA_LEVEL[r]) ?? access.grantableRoles[0],
      }}
      updateSchema={accountUpdate}
      toForm={(r) => ({ displayName: r.displayName })}
      toolbar={(list) => <ExportButton list="accounts" filters={list.filters} />}
      rowActions={(r, reload) =>
        r.actions.includes('update') ? (
          <Button type="link" size="small" onClick={() => toggle(r, reload)}>
            {r.disabled ? t('accounts.enable') : t('accounts.disable')}
          </Button>
        ) : null
      }
    />
  );
}
