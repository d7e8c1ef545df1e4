import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  type AppointmentKind,
  type DutyPolicy,
  type DutyRuleDetail,
  type DutyRuleRetire,
  type DutyRuleVersion,
  dutyRuleApi,
  dutyRuleRetire,
  type ResponseOf,
} from '@gongjian/common';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useAccess } from '#web/AccessContext.tsx';
import { call } from '#web/api/call.ts';
import { api, explain } from '#web/api/client.ts';
import { useDict } from '#web/api/dictionaries.ts';
import type { ListResult } from '#web/api/types.ts';
import { kindName } from '#web/cadres/selection/labels.tsx';
import { ActionModal } from '#web/components/ActionModal.tsx';
import { useDistrictChoice } from '#web/components/DistrictListPage.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { colon } from './labels';
import { RuleForm, type RuleFormMode } from './RuleForm';
import {
  appliesToText,
  atRiskText,
  countsText,
  PERIOD_LABELS,
  POLICY_LABELS,
  type RuleTextContext,
  requirementText,
} from './ruleText';

type PolicyList = ResponseOf<typeof dutyRuleApi.policies>;

const PERIOD_ORDER = ['week', 'month', 'quarter', 'year', 'term'];

/** Shortest period first (weekly duties before yearly ones), then by code. */
function byPeriod(a: DutyRuleDetail, b: DutyRuleDetail): number {
  const pa = PERIOD_ORDER.indexOf((a.current ?? a.versions[0])?.rule.period ?? 'term');
  const pb = PERIOD_ORDER.indexOf((b.current ?? b.versions[0])?.rule.period ?? 'term');
  return pa !== pb ? pa - pb : a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : 0;
}

/** A rule's state today: in force (with its version), retired, or only scheduled. */
function ruleState(r: DutyRuleDetail): 'active' | 'retired' | 'scheduled' {
  if (r.current) return 'active';
  return r.versions.every((v) => v.effectiveTo !== null) ? 'retired' : 'scheduled';
}

/**
 * 履职规则: the district's duty policy as data. Each appointment kind's policy lists its rules in
 * plain words with the version in force and the history of versions; the district admin adds
 * rules, publishes a new version from a date, or retires a rule. Others read it.
 */
export default function RulesPage() {
  const { t, locale, label } = useLocale();
  const access = useAccess();
  const unitTypes = useDict('unit_type');
  const categories = useDict('member_category');
  // The platform admin belongs to no district and picks the one it works on.
  const { districts, districtId, setDistrictId, error: districtError } = useDistrictChoice();
  const [data, setData] = useState<PolicyList | null>(null);
  const [kinds, setKinds] = useState<AppointmentKind[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [form, setForm] = useState<RuleFormMode | null>(null);
  const [retiring, setRetiring] = useState<DutyRuleDetail | null>(null);

  const reload = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads on purpose
  useEffect(() => {
    if (access.platform && districtId === undefined) return;
    let live = true;
    setLoading(true);
    Promise.all([
      call(dutyRuleApi.policies, { query: { districtId } }),
      api.get<ListResult<AppointmentKind>>('/appointment-kinds', {
        districtId,
        includeDisabled: 'true',
        pageSize: 100,
      }),
    ])
      .then(([p, k]) => {
        if (!live) return;
        setData(p);
        setKinds(k.data);
        setError(null);
      })
      .catch((e: unknown) => live && setError(explain(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [access.platform, districtId, tick]);

  const kindLabel = useCallback(
    (code: string) => {
      const k = kinds.find((x) => x.code === code);
      return k ? kindName(locale, k) : code;
    },
    [kinds, locale],
  );
  const ctx: RuleTextContext = useMemo(
    () => ({ kindName: kindLabel, unitType: unitTypes.label, memberCategory: categories.label }),
    [kindLabel, unitTypes.label, categories.label],
  );
  const policyName = (p: DutyPolicy) => {
    const known = POLICY_LABELS[p.code];
    return known ? label(known) : p.code;
  };

  const replaceRule = (detail: DutyRuleDetail) => {
    setData((d) =>
      d
        ? {
            ...d,
            data: d.data.map((p) =>
              p.code === detail.policyCode
                ? {
                    ...p,
                    rules: p.rules.some((r) => r.ruleCode === detail.ruleCode)
                      ? p.rules.map((r) => (r.ruleCode === detail.ruleCode ? detail : r))
                      : [...p.rules, detail],
                  }
                : p,
            ),
          }
        : d,
    );
  };

  const allRules = data?.data.flatMap((p) => p.rules) ?? [];
  const opened = allRules.find((r) => r.ruleCode === open) ?? null;
  const effectiveDistrict = data?.districtId ?? districtId;

  const columns: ColumnsType<DutyRuleDetail> = [
    {
      key: 'name',
      title: t('rule.name'),
      width: 250,
      render: (_, r) => {
        const v = r.current ?? r.versions[0];
        return (
          <div>
            <div style={{ fontWeight: 500 }}>{v ? label(v.rule.name) : r.ruleCode}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.ruleCode}
            </Typography.Text>
          </div>
        );
      },
    },
    {
      key: 'requirement',
      title: t('rule.requirement'),
      render: (_, r) => {
        const v = r.current ?? r.versions[0];
        if (!v) return null;
        return (
          <div data-testid={`rule-text-${r.ruleCode}`}>
            <div style={{ fontWeight: 500 }}>{requirementText(v.rule, locale)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rule.countsLabel')}
              {colon(locale)}
              {countsText(v.rule, locale)}
            </Typography.Text>
          </div>
        );
      },
    },
    {
      key: 'appliesTo',
      title: t('rule.appliesTo'),
      width: 170,
      render: (_, r) => {
        const v = r.current ?? r.versions[0];
        return v ? appliesToText(v.rule, locale, ctx) : null;
      },
    },
    {
      key: 'version',
      title: t('rule.currentVersion'),
      width: 200,
      render: (_, r) => <VersionCell detail={r} />,
    },
    {
      key: 'actions',
      title: t('list.actions'),
      width: 210,
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(r.ruleCode)}>
            {t('rule.history')}
          </Button>
          {r.actions.includes('newVersion') ? (
            <Button type="link" size="small" onClick={() => setForm({ mode: 'version', detail: r })}>
              {t('rule.newVersion')}
            </Button>
          ) : null}
          {r.actions.includes('retire') ? (
            <Button type="link" size="small" danger onClick={() => setRetiring(r)}>
              {t('rule.retire')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  // Policies in the order of the kinds that use them (as 任职类型 lists them), unused ones last.
  const kindOrder = (p: DutyPolicy) => {
    const i = kinds.findIndex((k) => p.kindCodes.includes(k.code));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const policies = [...(data?.data ?? [])].sort((a, b) => kindOrder(a) - kindOrder(b));
  return (
    <div className="gj-page">
      <Card
        size="small"
        title={t('menu.dutyRules')}
        extra={
          <Space wrap>
            {access.platform ? (
              <Select
                value={districtId}
                onChange={setDistrictId}
                options={districts.map((d) => ({ value: d.id, label: d.name }))}
                style={{ minWidth: 160 }}
                aria-label={t('sel.district')}
              />
            ) : null}
            {data?.canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() =>
                  setForm({
                    mode: 'create',
                    policies: policies.map((p) => ({ code: p.code, label: policyName(p) })),
                  })
                }
              >
                {t('rule.create')}
              </Button>
            ) : null}
            <Tooltip title={t('list.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('list.refresh')} />
            </Tooltip>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {data && !data.canWrite ? t('rule.readOnly') : t('rule.intro')}
        </Typography.Paragraph>
      </Card>
      {(error ?? districtError) ? (
        <Alert type="error" showIcon title={t('list.loadFailed')} description={error ?? districtError} />
      ) : null}
      {data === null ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : policies.length === 0 ? (
        <Card>
          <Empty description={t('rule.none')} />
        </Card>
      ) : (
        policies.map((p) => (
          <Card
            key={p.code}
            size="small"
            data-testid={`policy-${p.code}`}
            title={
              <Space wrap size={6}>
                <span>{policyName(p)}</span>
                {p.kindCodes.length ? (
                  p.kindCodes.map((k) => (
                    <Tag key={k} color="red" variant="outlined">
                      {kindLabel(k)}
                    </Tag>
                  ))
                ) : (
                  <Tag>{t('rule.noKind')}</Tag>
                )}
              </Space>
            }
            extra={
              <Typography.Text type="secondary">{t('rule.ruleCount', { n: p.rules.length })}</Typography.Text>
            }
          >
            <Table<DutyRuleDetail>
              rowKey="ruleCode"
              size="middle"
              columns={columns}
              dataSource={[...p.rules].sort(byPeriod)}
              loading={loading}
              pagination={false}
              // Fixed columns line the policies' tables up under each other.
              tableLayout="fixed"
              scroll={{ x: 960 }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rule.noRules')} />,
              }}
            />
          </Card>
        ))
      )}
      <Drawer
        open={opened !== null}
        onClose={() => setOpen(null)}
        title={
          opened ? label((opened.current ?? opened.versions[0])?.rule.name ?? { 'zh-CN': '', en: '' }) : ''
        }
        size={620}
        destroyOnHidden
      >
        {opened ? (
          <RuleDetail detail={opened} ctx={ctx} policy={policies.find((p) => p.code === opened.policyCode)} />
        ) : null}
      </Drawer>
      {form && effectiveDistrict ? (
        <RuleForm
          target={form}
          districtId={effectiveDistrict}
          kinds={kinds.map((k) => ({ value: k.code, label: kindName(locale, k) }))}
          onClose={() => setForm(null)}
          onSaved={(detail) => {
            setForm(null);
            replaceRule(detail);
            setOpen(detail.ruleCode);
          }}
        />
      ) : null}
      {retiring && effectiveDistrict ? (
        <ActionModal<DutyRuleDetail>
          title={t('rule.retireTitle', {
            name: label((retiring.current ?? retiring.versions[0])?.rule.name ?? { 'zh-CN': '', en: '' }),
          })}
          endpoint={(body) =>
            // The body is the form parsed by the contract's own schema (dutyRuleRetire).
            call(dutyRuleApi.retire, { params: { code: retiring.ruleCode }, body: body as DutyRuleRetire })
          }
          schema={dutyRuleRetire}
          fields={[
            {
              key: 'effectiveTo',
              title: t('rule.effectiveTo'),
              input: { kind: 'date' },
              help: t('rule.retireHelp'),
            },
          ]}
          fixed={{ districtId: effectiveDistrict }}
          danger
          okText={t('rule.retire')}
          intro={t('rule.retireIntro')}
          onClose={() => setRetiring(null)}
          onDone={(detail) => {
            setRetiring(null);
            replaceRule(detail);
          }}
        />
      ) : null}
    </div>
  );
}

/** The version in force today, or why none is. */
function VersionCell({ detail }: { detail: DutyRuleDetail }) {
  const { t } = useLocale();
  const state = ruleState(detail);
  if (state === 'retired') {
    const last = detail.versions[0];
    return (
      <Space orientation="vertical" size={0}>
        <Tag>{t('rule.retired')}</Tag>
        {last?.effectiveTo ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('rule.until', { date: last.effectiveTo })}
          </Typography.Text>
        ) : null}
      </Space>
    );
  }
  if (state === 'scheduled') {
    const next = detail.versions[0];
    return (
      <Space orientation="vertical" size={0}>
        <Tag color="blue">{t('rule.scheduled')}</Tag>
        {next ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('rule.from', { date: next.effectiveFrom })}
          </Typography.Text>
        ) : null}
      </Space>
    );
  }
  const cur = detail.current;
  const upcoming = detail.versions.find((v) => cur && v.effectiveFrom > cur.effectiveFrom);
  return (
    <Space orientation="vertical" size={0}>
      <span>
        <Tag color="green">v{cur?.version}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rule.from', { date: cur?.effectiveFrom ?? '' })}
        </Typography.Text>
      </span>
      {upcoming ? (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('rule.upcoming', { version: upcoming.version, date: upcoming.effectiveFrom })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** The rule in force in words, then every version with its dates, newest first. */
function RuleDetail({
  detail,
  ctx,
  policy,
}: {
  detail: DutyRuleDetail;
  ctx: RuleTextContext;
  policy: DutyPolicy | undefined;
}) {
  const { t, locale, label } = useLocale();
  const shown = detail.current ?? detail.versions[0];
  if (!shown) return null;
  const r = shown.rule;
  const sorted = [...detail.versions].sort((a, b) =>
    a.effectiveFrom !== b.effectiveFrom
      ? a.effectiveFrom < b.effectiveFrom
        ? 1
        : -1
      : b.version - a.version,
  );
  return (
    <>
      <Descriptions column={1} bordered size="small" styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('rule.code')}>{detail.ruleCode}</Descriptions.Item>
        <Descriptions.Item label={t('rule.policy')}>
          {policy
            ? POLICY_LABELS[policy.code]
              ? label(POLICY_LABELS[policy.code] ?? { 'zh-CN': '', en: '' })
              : policy.code
            : detail.policyCode}
        </Descriptions.Item>
        {r.description ? (
          <Descriptions.Item label={t('rule.description')}>{label(r.description)}</Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('rule.appliesTo')}>{appliesToText(r, locale, ctx)}</Descriptions.Item>
        <Descriptions.Item label={t('rule.period')}>{label(PERIOD_LABELS[r.period])}</Descriptions.Item>
        <Descriptions.Item label={t('rule.countsLabel')}>{countsText(r, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('rule.requirement')}>
          <strong>{requirementText(r, locale)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('rule.atRiskLabel')}>{atRiskText(r, locale)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('rule.history')}
      </Typography.Title>
      <Timeline
        data-testid="rule-history"
        items={sorted.map((v: DutyRuleVersion) => ({
          // In force green, scheduled blue (not the theme's red), the rest grey.
          color:
            detail.current?.id === v.id
              ? 'green'
              : v.effectiveFrom > (detail.current?.effectiveFrom ?? '')
                ? '#2f5d8a'
                : 'gray',
          content: (
            <div className="gj-rule-version">
              <Space wrap size={6}>
                <strong>v{v.version}</strong>
                <span>
                  {v.effectiveTo
                    ? `${v.effectiveFrom} ~ ${v.effectiveTo}`
                    : t('rule.from', { date: v.effectiveFrom })}
                </span>
                {detail.current?.id === v.id ? <Tag color="green">{t('rule.inForce')}</Tag> : null}
                {detail.current && v.effectiveFrom > detail.current.effectiveFrom ? (
                  <Tag color="blue">{t('rule.scheduled')}</Tag>
                ) : null}
              </Space>
              <div>{requirementText(v.rule, locale)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[v.createdByName ?? t('rule.preset'), dayjs(v.createdAt).format('YYYY-MM-DD')].join(' · ')}
              </Typography.Text>
            </div>
          ),
        }))}
      />
    </>
  );
}
