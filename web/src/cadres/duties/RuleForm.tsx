import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DUTY_PERIODS,
  DUTY_SUBJECT_TYPES,
  type DutyRuleCreate,
  type DutyRuleDetail,
  type DutyRuleVersionCreate,
  dutyRuleApi,
  dutyRuleCreate,
  dutyRuleSchema,
  dutyRuleVersionCreate,
  PARTIAL_PERIOD_MODES,
} from '@gongjian/common';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { call } from '#web/api/call.ts';
import { ApiError } from '#web/api/client.ts';
import { useDict } from '#web/api/dictionaries.ts';
import { parseAny } from '#web/components/zodForm.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { colon } from './labels';
import {
  appliesToText,
  atRiskText,
  countsText,
  PERIOD_LABELS,
  POPULATION_LABELS,
  RECORD_ATTRIBUTES,
  RECORD_KIND_LABELS,
  REQUIREMENT_LABELS,
  requirementText,
  SUBJECT_TYPE_LABELS,
} from './ruleText';
import {
  EMPTY,
  fromRule,
  get,
  list,
  type ParamControl,
  requirementSpec,
  shownParams,
  toRule,
  type Values,
} from './ruleValues';

type Path = (string | number)[];

/** What the form is for: a new rule in a policy, or a new version of an existing rule. */
export type RuleFormMode =
  | { mode: 'create'; policies: { code: string; label: string }[] }
  | { mode: 'version'; detail: DutyRuleDetail };

interface Props {
  target: RuleFormMode;
  districtId: number;
  /** Appointment kinds of the district, for "applies to". */
  kinds: { value: string; label: string }[];
  onClose(): void;
  onSaved(detail: DutyRuleDetail): void;
}

/** Form paths of the rule body's fields: the server reports them under `rule.`. */
const rulePath = (p: readonly (string | number)[]): Path => ['rule', ...p];

/** Field errors onto the form, numeric path segments as list indexes; the rest is returned. */
function setErrors(form: FormInstance, issues: { path: string; message: string }[]): string[] {
  const known = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const byField = new Map<string, { name: Path; errors: string[] }>();
  const stray: string[] = [];
  for (const i of issues) {
    let name: Path = i.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    // A problem inside a compound value (a union, a list) belongs to the nearest field shown.
    while (name.length > 1 && !known.has(JSON.stringify(name))) name = name.slice(0, -1);
    const key = JSON.stringify(name);
    if (!known.has(key)) {
      stray.push(i.message);
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(i.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  const first = [...byField.values()][0];
  if (first) form.scrollToField(first.name, { block: 'center' });
  return stray;
}

/**
 * The structured rule editor: whom it applies to, the period, which records count (kinds and
 * attribute conditions), the requirement with its parameters, and the at-risk window. Checked
 * with the shared rule schema before sending; the server's field errors land on the same fields.
 */
export function RuleForm({ target, districtId, kinds, onClose, onSaved }: Props) {
  const { t, locale, label, msg } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [stray, setStray] = useState<string[]>([]);
  const unitTypes = useDict('unit_type');
  const categories = useDict('member_category');
  const values = (Form.useWatch([], form) ?? {}) as Values;

  const initialValues = useMemo<Values>(() => {
    if (target.mode === 'create') return { ...EMPTY, policyCode: target.policies[0]?.code };
    const base = target.detail.current ?? target.detail.versions[0];
    return {
      ...(base ? fromRule(base.rule) : EMPTY),
      effectiveFrom: dayjs().add(1, 'day'),
    };
  }, [target]);

  const type =
    get(get(get(values, 'rule'), 'requirement'), 'type') ??
    get(get(initialValues.rule, 'requirement'), 'type');
  const dueMode = get(values, 'dueMode') ?? initialValues.dueMode;
  const period = get(get(values, 'rule'), 'period') ?? get(initialValues.rule, 'period');
  const effectiveFrom = get(values, 'effectiveFrom') as Dayjs | null | undefined;
  const preview = useMemo(() => {
    const body = toRule(values);
    const parsed = dutyRuleSchema.safeParse({
      code: 'preview',
      ...body,
      version: 1,
      effectiveFrom: '2000-01-01',
    });
    return parsed.success ? parsed.data : null;
  }, [values]);

  const submit = async () => {
    setStray([]);
    const raw = form.getFieldsValue(true) as Values;
    const rule = toRule(raw);
    const day = dayjs.isDayjs(raw.effectiveFrom)
      ? (raw.effectiveFrom as Dayjs).format('YYYY-MM-DD')
      : undefined;
    const outer =
      target.mode === 'create'
        ? parseAny(
            dutyRuleCreate,
            { districtId, policyCode: raw.policyCode, effectiveFrom: day, rule },
            locale,
          )
        : parseAny(dutyRuleVersionCreate, { districtId, effectiveFrom: day, rule }, locale);
    const inner = parseAny(
      dutyRuleSchema,
      {
        ...rule,
        code: target.mode === 'version' ? target.detail.ruleCode : rule.code,
        version: 1,
        effectiveFrom: day ?? '2000-01-01',
      },
      locale,
    );
    const issues = [
      ...(outer.ok ? [] : outer.issues.filter((i) => !i.path.startsWith('rule'))),
      ...(inner.ok ? [] : inner.issues.map((i) => ({ ...i, path: `rule.${i.path}` }))),
    ];
    // A new version must start after every existing one (the server says the same).
    if (target.mode === 'version' && day && target.detail.versions.some((v) => v.effectiveFrom >= day))
      issues.push({ path: 'effectiveFrom', message: msg('v.versionDate') });
    if (issues.length) {
      setStray(setErrors(form, issues));
      return;
    }
    setSaving(true);
    try {
      const saved =
        target.mode === 'create'
          ? await call(dutyRuleApi.create, {
              // Checked against the same schema above (`outer`), so the form's loose values hold.
              body: { districtId, policyCode: raw.policyCode, effectiveFrom: day, rule } as DutyRuleCreate,
            })
          : await call(dutyRuleApi.addVersion, {
              params: { code: target.detail.ruleCode },
              body: { districtId, effectiveFrom: day, rule } as DutyRuleVersionCreate,
            });
      message.success(t('list.saved'));
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        const rest = setErrors(form, e.details);
        setStray(rest.length ? [e.message, ...rest] : []);
      } else setStray([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  /**
   * A text in both languages, side by side: a noun takes an English plural as a third field; a
   * description is optional and may run to several lines; an `optional` word (a deadline's verb,
   * "提交" when left empty) is not marked required.
   */
  const bilingual = (
    path: Path,
    title: string,
    kind: 'noun' | 'word' | 'description' = 'noun',
    optional = kind === 'description',
  ) => {
    const plural = kind === 'noun';
    const span = plural ? 8 : 12;
    const control =
      kind === 'description' ? <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} /> : <Input />;
    return (
      <Row gutter={12} key={path.join('.')}>
        {(['zh', 'en'] as const).map((lang) => (
          <Col key={lang} xs={24} sm={span}>
            <Form.Item
              name={[...path, lang === 'zh' ? 'zh-CN' : 'en']}
              label={`${title}（${t(lang === 'zh' ? 'rule.zh' : 'rule.en')}）`}
              required={!optional}
            >
              {control}
            </Form.Item>
          </Col>
        ))}
        {plural ? (
          <Col xs={24} sm={8}>
            <Form.Item name={[...path, 'enPlural']} label={t('rule.enPlural')}>
              <Input placeholder={t('rule.enPluralHint')} />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
    );
  };

  const attributeOptions = (types: string[]) =>
    Object.entries(RECORD_ATTRIBUTES)
      .filter(([, a]) => types.includes(a.type))
      .map(([value, a]) => ({ value, label: `${label(a.label)}（${value}）` }));

  const paramControl = (c: ParamControl) => {
    switch (c.kind) {
      case 'number':
        return (
          <InputNumber
            min={c.min}
            max={c.max}
            precision={c.integer ? 0 : undefined}
            placeholder={c.placeholder}
            style={{ width: '100%' }}
          />
        );
      case 'text':
        return <Input placeholder={c.placeholder} />;
      case 'attribute':
        return <Select allowClear={c.allowClear} options={attributeOptions(['number'])} />;
      case 'population':
        return (
          <Select
            options={Object.entries(POPULATION_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
          />
        );
    }
  };

  const title =
    target.mode === 'create'
      ? t('rule.createTitle')
      : t('rule.versionTitle', {
          name: label(
            (target.detail.current ?? target.detail.versions[0])?.rule.name ?? { 'zh-CN': '', en: '' },
          ),
        });

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={target.mode === 'create' ? t('rule.create') : t('rule.publish')}
      cancelText={t('list.cancel')}
      confirmLoading={saving}
      width={920}
      destroyOnHidden
      maskClosable={false}
      data-testid="rule-form"
    >
      {stray.length ? (
        <Alert
          type="error"
          showIcon
          title={stray.join('；')}
          style={{ marginBottom: 12 }}
          data-testid="refusal"
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        requiredMark
        className="gj-rule-form"
        // A field the user changes drops its old complaint; the next save checks it again.
        onFieldsChange={(changed) => {
          const stale = changed.filter((f) => f.errors?.length);
          if (stale.length) form.setFields(stale.map((f) => ({ name: f.name, errors: [] })));
        }}
      >
        <Row gutter={12}>
          {target.mode === 'create' ? (
            <>
              <Col xs={24} sm={8}>
                <Form.Item name="policyCode" label={t('rule.policy')} required>
                  <Select options={target.policies.map((p) => ({ value: p.code, label: p.label }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item name={rulePath(['code'])} label={t('rule.code')} required>
                  <Input placeholder="ss_monthly_visit" />
                </Form.Item>
              </Col>
            </>
          ) : (
            <Col xs={24} sm={16}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                {t('rule.versionIntro')}
              </Typography.Paragraph>
            </Col>
          )}
          <Col xs={24} sm={8}>
            <Form.Item
              name="effectiveFrom"
              label={t('rule.effectiveFrom')}
              required
              extra={effectiveFrom ? t('rule.effectiveFromHelp') : undefined}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {bilingual(rulePath(['name']), t('rule.name'), 'word')}
        {bilingual(rulePath(['description']), t('rule.description'), 'description')}

        <Divider titlePlacement="start">{t('rule.appliesTo')}</Divider>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name={rulePath(['appliesTo', 'subjectTypes'])} label={t('rule.subjectTypes')}>
              <Select
                mode="multiple"
                options={DUTY_SUBJECT_TYPES.map((s) => ({
                  value: s,
                  label: label(SUBJECT_TYPE_LABELS[s] ?? { 'zh-CN': s, en: s }),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name={rulePath(['appliesTo', 'appointmentKinds'])}
              label={t('rule.appointmentKinds')}
              extra={t('rule.appointmentKindsHelp')}
            >
              <Select mode="multiple" options={kinds} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={rulePath(['appliesTo', 'memberCategories'])} label={t('rule.memberCategories')}>
              <Select mode="multiple" options={categories.options} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={rulePath(['appliesTo', 'unitTypes'])} label={t('rule.unitTypes')}>
              <Select mode="multiple" options={unitTypes.options} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name={rulePath(['appliesTo', 'roles'])}
              label={t('rule.roles')}
              extra={t('rule.rolesHelp')}
            >
              <Select mode="tags" open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('rule.periodAndCounts')}</Divider>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name={rulePath(['period'])} label={t('rule.period')} required>
              <Select options={DUTY_PERIODS.map((p) => ({ value: p, label: label(PERIOD_LABELS[p]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={rulePath(['counts', 'kinds'])} label={t('rule.kinds')} required>
              <Select
                mode="tags"
                options={Object.entries(RECORD_KIND_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={4}>
            <Form.Item
              name={rulePath(['counts', 'confirmedOnly'])}
              label={t('rule.confirmedOnly')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name={rulePath(['counts', 'where'])}>
          {(items, { add, remove }) => (
            <div data-testid="conditions">
              {items.map((item) => {
                const cond = get(
                  list(get(get(get(values, 'rule'), 'counts'), 'where'))[item.name],
                  'attribute',
                );
                const attr = typeof cond === 'string' ? RECORD_ATTRIBUTES[cond] : undefined;
                const op = get(list(get(get(get(values, 'rule'), 'counts'), 'where'))[item.name], 'op');
                const known = attr?.values
                  ? Object.entries(attr.values).map(([value, l]) => ({ value, label: label(l) }))
                  : attr?.type === 'boolean'
                    ? [
                        { value: 'true', label: t('list.yes') },
                        { value: 'false', label: t('list.no') },
                      ]
                    : undefined;
                return (
                  <Row gutter={8} key={item.key} align="top">
                    <Col xs={24} sm={8}>
                      <Form.Item name={[item.name, 'attribute']} label={t('rule.attribute')} required>
                        <Select
                          options={attributeOptions(['string', 'number', 'boolean'])}
                          showSearch={{ optionFilterProp: 'label' }}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={5}>
                      <Form.Item name={[item.name, 'op']} label={t('rule.op')} initialValue="equals">
                        <Select
                          options={[
                            { value: 'equals', label: t('rule.opEquals') },
                            { value: 'in', label: t('rule.opIn') },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={20} sm={9}>
                      {op === 'in' ? (
                        <Form.Item name={[item.name, 'values']} label={t('rule.values')} required>
                          {known ? (
                            <Select mode="multiple" options={known} />
                          ) : (
                            <Select mode="tags" open={false} suffixIcon={null} />
                          )}
                        </Form.Item>
                      ) : (
                        <Form.Item name={[item.name, 'value']} label={t('rule.value')} required>
                          {known ? (
                            <Select options={known} />
                          ) : attr?.type === 'number' ? (
                            <InputNumber style={{ width: '100%' }} />
                          ) : (
                            <Input />
                          )}
                        </Form.Item>
                      )}
                    </Col>
                    <Col xs={4} sm={2}>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(item.name)}
                        aria-label={t('list.delete')}
                        style={{ marginTop: 30 }}
                      />
                    </Col>
                  </Row>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ op: 'equals' })}
                style={{ marginBottom: 16 }}
              >
                {t('rule.addCondition')}
              </Button>
            </div>
          )}
        </Form.List>

        <Divider titlePlacement="start">{t('rule.requirement')}</Divider>
        <Form.Item name={rulePath(['requirement', 'type'])} label={t('rule.requirementType')} required>
          <Radio.Group optionType="button" buttonStyle="solid">
            {(['count', 'sum', 'coverage', 'deadline'] as const).map((k) => (
              <Radio.Button key={k} value={k}>
                {label(REQUIREMENT_LABELS[k])}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Row gutter={12}>
          {requirementSpec(type)?.dueModes ? (
            <Col xs={24} sm={8}>
              <Form.Item name="dueMode" label={t('rule.dueMode')}>
                <Radio.Group>
                  <Radio value="months">{t('rule.dueMonths')}</Radio>
                  <Radio value="days">{t('rule.dueDays')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
          ) : null}
          {shownParams(type, dueMode).map((p) => (
            <Col key={p.path.join('.')} xs={p.narrow ? 12 : 24} sm={p.narrow ? 4 : 8}>
              <Form.Item
                name={rulePath(['requirement', ...p.path])}
                label={t(p.label)}
                required={p.required}
                extra={p.extra ? t(p.extra) : undefined}
              >
                {paramControl(p.control)}
              </Form.Item>
            </Col>
          ))}
        </Row>
        {requirementSpec(type)?.words.map((w) =>
          bilingual(rulePath(['requirement', w.key]), t(w.label), w.plural ? 'noun' : 'word', w.optional),
        )}

        <Divider titlePlacement="start">{t('rule.alerts')}</Divider>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name={rulePath(['atRiskDays'])}
              label={t('rule.atRiskDays')}
              extra={t('rule.atRiskHelp')}
            >
              <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name={rulePath(['minPeriodSharePercent'])}
              label={t('rule.minPeriodShare')}
              extra={t('rule.minPeriodShareHelp')}
            >
              <InputNumber min={1} max={100} placeholder="50" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name={rulePath(['partialPeriods'])}
              label={t('rule.partialPeriods')}
              extra={t('rule.partialPeriodsHelp')}
            >
              <Select
                allowClear
                placeholder={t('rule.partial.assess')}
                options={PARTIAL_PERIOD_MODES.map((m) => ({ value: m, label: t(`rule.partial.${m}`) }))}
              />
            </Form.Item>
          </Col>
          {period === 'term' ? (
            <Col xs={24} sm={8}>
              <Form.Item
                name={rulePath(['termDays'])}
                label={t('rule.termDays')}
                extra={t('rule.termDaysHelp')}
              >
                <InputNumber min={1} max={7320} precision={0} placeholder="730" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
      <div
        data-testid="rule-preview"
        // The rule as it will read on the rules page, kept in view while it is edited.
        style={{
          padding: '10px 14px',
          borderRadius: 6,
          background: preview ? '#f4f7fb' : '#fffbe6',
          border: `1px solid ${preview ? '#d6e0ec' : '#ffe58f'}`,
        }}
      >
        <div style={{ fontWeight: 600, marginBottom: preview ? 4 : 0 }}>
          {preview ? requirementText(preview, locale) : t('rule.previewIncomplete')}
        </div>
        {preview ? (
          <div style={{ color: '#595959', fontSize: 13 }}>
            {(
              [
                ['rule.countsLabel', countsText(preview, locale)],
                [
                  'rule.appliesLabel',
                  appliesToText(preview, locale, {
                    kindName: (k) => kinds.find((x) => x.value === k)?.label ?? k,
                  }),
                ],
                ['rule.atRiskLabel', atRiskText(preview, locale)],
              ] as const
            ).map(([key, text]) => (
              <div key={key}>
                {t(key)}
                {colon(locale)}
                {text}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
