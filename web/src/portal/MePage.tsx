import { accountApi, memberApi, passwordChange, passwordIssue, residentApi } from '@gongjian/common';
import { App, Button, Card, Descriptions, Form, Input, Skeleton } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { call } from '#web/api/call.ts';
import { applyFieldErrors } from '#web/api/client.ts';
import { useMe } from '#web/api/session.tsx';
import { DictLabel, DictTags } from '#web/components/fields.tsx';
import { zodRule } from '#web/components/zodForm.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { genderLabel } from '#web/registry/members/memberFields.tsx';

/** The member's or resident's own registry record (unmasked for its owner). */
function MyRecord() {
  const me = useMe();
  const { t, locale } = useLocale();
  const [rows, setRows] = useState<[string, ReactNode][] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => {
    let live = true;
    const load = async (): Promise<[string, ReactNode][]> => {
      if (me.memberId) {
        const m = await call(memberApi.get, { params: { id: me.memberId } });
        return [
          [t('f.displayName'), m.name],
          [t('f.gender'), genderLabel(t, m.gender)],
          [t('f.category'), <DictLabel key="c" type="member_category" code={m.category} />],
          [t('f.residence'), m.areaLabel],
          [t('f.workUnit'), m.unitName ?? '—'],
          [t('f.branch'), m.orgName ?? '—'],
          [t('f.phone'), m.phone ?? '—'],
          [t('f.joinDate'), m.joinDate ?? '—'],
          [t('f.skills'), <DictTags key="s" type="skill" codes={m.skills} />],
        ];
      }
      if (me.residentId) {
        const r = await call(residentApi.get, { params: { id: me.residentId } });
        return [
          [t('f.displayName'), r.name],
          [t('f.gender'), genderLabel(t, r.gender)],
          [t('f.area'), r.areaLabel],
          [t('f.address'), r.address ?? '—'],
          [t('f.phone'), r.phone ?? '—'],
        ];
      }
      return [];
    };
    load()
      .then((r) => live && setRows(r))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [me.memberId, me.residentId, locale]);
  if (rows === null)
    return (
      <Card size="small" title={t('me.record')}>
        <Skeleton active />
      </Card>
    );
  if (rows.length === 0) return null;
  return (
    <Card size="small" title={t('me.record')}>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
        {rows.map(([k, v]) => (
          <Descriptions.Item key={k} label={k}>
            {v}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

/** 我的: the light page for party members and residents — who they are and their password. */
export default function MePage() {
  const me = useMe();
  const { t, msg, locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  // The schema applies common's rule without the username, which it cannot know; this adds the
  // one reason that needs it. It stays silent where the schema already refuses, or antd would
  // show the same message twice under the field.
  const notTheUsername = {
    validator: async (_rule: unknown, value: unknown) => {
      if (typeof value !== 'string' || !value || passwordIssue(value)) return;
      const issue = passwordIssue(value, me.username);
      if (issue) throw new Error(msg(issue));
    },
  };
  const [busy, setBusy] = useState(false);

  const change = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    try {
      await call(accountApi.changePassword, { body: values });

      message.success(t('portal.passwordChanged'));
      form.resetFields();
    } catch (e) {
      if (applyFieldErrors(form, e).length || !(e instanceof Error && 'details' in e)) {
        message.error(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gj-page" style={{ maxWidth: 720 }}>
      <Card title={t('portal.account')} size="small">
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
          <Descriptions.Item label={t('f.displayName')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('f.username')}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={t('f.role')}>{me.scopeLabel}</Descriptions.Item>
          {me.areaName ? <Descriptions.Item label={t('f.area')}>{me.areaName}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <MyRecord />
      <Card title={t('portal.changePassword')} size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void change(v)} style={{ maxWidth: 360 }}>
          <Form.Item
            name="currentPassword"
            label={t('portal.currentPassword')}
            rules={[zodRule(passwordChange, 'currentPassword', locale)]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('portal.newPassword')}
            rules={[zodRule(passwordChange, 'newPassword', locale), notTheUsername]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('list.save')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
