import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  type Appointment,
  type DutyExemption,
  type DutyExemptionChoices,
  dutyExemptionCreate,
  EXEMPTION_REASON_KIND_LABELS,
  EXEMPTION_REASON_KINDS,
  type ExemptionPeriodChoice,
  type ExemptionReasonKind,
  exemptionReasonText,
  weekNumberText,
} from '@gongjian/common';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, explain } from '#web/api/client.ts';
import type { ListResult } from '#web/api/types.ts';
import { colon, ExemptionStatusTag, exemptionRuleName } from '#web/cadres/duties/labels.tsx';
import { kindName } from '#web/cadres/selection/labels.tsx';
import { parseAny } from '#web/components/zodForm.ts';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';

/** A period option: its label (a week by its dates), a week's number, and "this period". */
function periodText(
  t: Translate,
  label: (l: ExemptionPeriodChoice['label']) => string,
  p: ExemptionPeriodChoice,
) {
  const week = /W\d{2}$/.test(p.key) ? `（${label(weekNumberText(p.key))}）` : '';
  const now = p.current ? ` · ${t('exm.thisPeriod')}` : '';
  return `${label(p.label)}${week}${now}`;
}

interface FormProps {
  appointmentId: number;
  onDone(e: DutyExemption): void;
  /** Large controls on the phone. */
  large?: boolean;
}

/**
 * Ask to be excused from one duty for one period: the duty, a period the server offers (recent
 * and coming ones inside the term; those already asked for are shown with their status and
 * cannot be picked again), why, and a note. Checked with the shared schema before sending.
 */
export function ExemptionForm({ appointmentId, onDone, large }: FormProps) {
  const { t, locale, label } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [choices, setChoices] = useState<DutyExemptionChoices | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ruleCode = Form.useWatch('ruleCode', form) as string | undefined;
  const reasonKind = (Form.useWatch('reasonKind', form) as ExemptionReasonKind | undefined) ?? 'leave';

  useEffect(() => {
    let live = true;
    setChoices(null);
    setError(null);
    api
      .get<DutyExemptionChoices>('/duty-exemptions/choices', { appointmentId })
      .then((c) => {
        if (!live) return;
        setChoices(c);
        const first = c.rules[0];
        form.setFieldsValue({ ruleCode: first?.ruleCode, periodKey: undefined });
      })
      .catch((e: unknown) => live && setError(explain(e)));
    return () => {
      live = false;
    };
  }, [appointmentId, form]);

  const rule = choices?.rules.find((r) => r.ruleCode === ruleCode);
  // Start from the period holding today, unless it was already asked for.
  useEffect(() => {
    if (!rule) return;
    const open = rule.periods.filter((p) => !p.standing);
    const pick = open.find((p) => p.current) ?? open[0];
    form.setFieldValue('periodKey', pick?.key);
  }, [rule, form]);

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(null);
    // "Other" without a note is refused by the shared schema, on the note's field.
    const body = {
      appointmentId,
      ruleCode: values.ruleCode,
      periodKey: values.periodKey,
      reasonKind,
      reason: typeof values.note === 'string' ? values.note : '',
    };
    const parsed = parseAny(dutyExemptionCreate, body, locale);
    if (!parsed.ok) {
      form.setFields(
        parsed.issues.map((i) => ({ name: i.path === 'reason' ? 'note' : i.path, errors: [i.message] })),
      );
      return;
    }
    setSaving(true);
    try {
      const saved = await api.post<DutyExemption>('/duty-exemptions', parsed.data);
      message.success(t('exm.sent'));
      form.resetFields(['note']);
      onDone(saved);
    } catch (e) {
      const fields = new Set(['ruleCode', 'periodKey']);
      if (e instanceof ApiError && e.details.length) {
        const own = e.details.filter((d) => fields.has(d.path) || d.path === 'reason');
        form.setFields(
          own.map((d) => ({ name: d.path === 'reason' ? 'note' : d.path, errors: [d.message] })),
        );
        if (own.length < e.details.length) setRefusal(explain(e));
      } else setRefusal(explain(e));
    } finally {
      setSaving(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!choices) return <Skeleton active />;
  if (!choices.rules.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exm.noDuties')} />;
  return (
    <Form
      form={form}
      layout="vertical"
      size={large ? 'large' : 'middle'}
      initialValues={{ reasonKind: 'leave' }}
      // The errors here are set by hand (schema and server), so no rule clears them: a field's
      // error goes once it changes, and the note's also once the reason kind does.
      onValuesChange={(changed: Record<string, unknown>) => {
        const names = Object.keys(changed);
        if ('reasonKind' in changed) names.push('note');
        form.setFields(names.map((name) => ({ name, errors: [] })));
      }}
      onFinish={(v: Record<string, unknown>) => void submit(v)}
      data-testid="exemption-form"
    >
      <Form.Item name="ruleCode" label={t('exm.rule')} required>
        <Select
          options={choices.rules.map((r) => ({ value: r.ruleCode, label: label(r.name) }))}
          onChange={() => form.setFieldValue('periodKey', undefined)}
        />
      </Form.Item>
      <Form.Item name="periodKey" label={t('exm.period')} required>
        <Select
          options={(rule?.periods ?? []).map((p) => ({
            value: p.key,
            disabled: p.standing !== null,
            label: p.standing
              ? `${periodText(t, label, p)} · ${t(`exm.${p.standing.status}`)}`
              : periodText(t, label, p),
          }))}
          notFoundContent={t('exm.noPeriods')}
        />
      </Form.Item>
      <Form.Item name="reasonKind" label={t('exm.reasonKind')}>
        <Radio.Group optionType="button" buttonStyle="solid">
          {EXEMPTION_REASON_KINDS.map((k) => (
            <Radio.Button key={k} value={k}>
              {label(EXEMPTION_REASON_KIND_LABELS[k])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={t('exm.note')} required={reasonKind === 'other'}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={480}
          placeholder={t('exm.notePlaceholder')}
        />
      </Form.Item>
      {refusal ? (
        <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} data-testid="refusal" />
      ) : null}
      <Button type="primary" htmlType="submit" block={large} loading={saving}>
        {t('exm.submit')}
      </Button>
    </Form>
  );
}

/**
 * 请假免责 on the appointee's phone: ask to be excused from a duty for a period (leave, illness,
 * other) and follow each request's status and the community's answer.
 */
export function ExemptionRequest({ posts }: { posts: readonly Appointment[] }) {
  const { t, locale, label } = useLocale();
  const [mine, setMine] = useState<DutyExemption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const active = posts.filter((p) => p.status === 'active');
  const [postId, setPostId] = useState<number | undefined>(undefined);
  const chosen = postId ?? active[0]?.id;

  const load = useCallback(() => {
    api
      .get<ListResult<DutyExemption>>('/duty-exemptions', { pageSize: 20 })
      .then((r) => {
        setMine(r.data);
        setError(null);
      })
      .catch((e: unknown) => setError(explain(e)));
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => load(), [load, locale]);

  return (
    <Card
      title={t('exm.mine')}
      size="small"
      data-testid="my-exemptions"
      extra={
        active.length ? (
          <Button type="link" icon={<SafetyCertificateOutlined />} onClick={() => setOpen(true)}>
            {t('exm.ask')}
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {mine === null ? (
        <Skeleton active />
      ) : mine.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exm.noneMine')} />
      ) : (
        <List
          dataSource={mine}
          renderItem={(e) => (
            <List.Item className="gj-exemption-item">
              <div style={{ width: '100%' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <strong>{exemptionRuleName(e, label)}</strong>
                  <ExemptionStatusTag status={e.status} />
                </div>
                <Typography.Text type="secondary">
                  {[label(e.periodLabel), dayjs(e.createdAt).format('YYYY-MM-DD')].join(' · ')}
                </Typography.Text>
                <div>{label(exemptionReasonText(e.reasonKind, e.reason))}</div>
                {e.reviewComment ? (
                  <Typography.Text type={e.status === 'rejected' ? 'danger' : 'secondary'}>
                    {t('exm.reviewComment')}
                    {colon(locale)}
                    {e.reviewComment}
                  </Typography.Text>
                ) : null}
              </div>
            </List.Item>
          )}
        />
      )}
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        size="88%"
        title={t('exm.ask')}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }} size={0}>
          {active.length > 1 ? (
            <Form layout="vertical" size="large">
              <Form.Item label={t('log.appointment')}>
                <Select
                  value={chosen}
                  onChange={setPostId}
                  options={active.map((p) => ({
                    value: p.id,
                    label: `${kindName(locale, p, 'kind')} · ${p.receivingOrgName}`,
                  }))}
                />
              </Form.Item>
            </Form>
          ) : null}
          {chosen ? (
            <ExemptionForm
              key={chosen}
              appointmentId={chosen}
              large
              onDone={() => {
                setOpen(false);
                load();
              }}
            />
          ) : null}
        </Space>
      </Drawer>
    </Card>
  );
}
