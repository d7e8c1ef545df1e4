import { CameraOutlined } from '@ant-design/icons';
import {
  ACTION_CATEGORY_LABELS,
  ACTIVITY_TYPE_LABELS,
  type Appointment,
  EVIDENCE_MAX_FILES,
  VISIT_TARGET_TYPES,
  WORK_LOG_KIND_LABELS,
  WORK_LOG_KINDS,
  type WorkLog,
  type WorkLogKind,
  workLogCreate,
} from '@gongjian/common';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, applyFieldErrors, explain } from '#web/api/client.ts';
import { useDict } from '#web/api/dictionaries.ts';
import type { ListResult } from '#web/api/types.ts';
import { kindName, labelOptions } from '#web/cadres/selection/labels.tsx';
import { parseAny, showIssues } from '#web/components/zodForm.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { EmployeePicker, VisitTargetPicker } from './LookupPicker';

/** Kinds where the time spent is worth recording (volunteer hours count in later duties). */
const WITH_HOURS: readonly WorkLogKind[] = ['onsite_day', 'activity', 'action'];

const VISIT_LABELS = { household: 'log.household', unit: 'log.unit', two_new_org: 'log.twoNew' } as const;

/**
 * 记一笔: the appointee records a contact, on-site day, visit, employee contact, activity, action
 * or annual report from a phone — big touch targets, one column, an optional photo — and the
 * log waits for the receiving community to confirm it.
 */
export default function RecordPage() {
  const { t, locale, label } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [posts, setPosts] = useState<Appointment[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const kind = (Form.useWatch('kind', form) as WorkLogKind | undefined) ?? 'contact';
  const targetType = Form.useWatch('targetType', form) as string | undefined;
  const appointmentId = Form.useWatch('appointmentId', form) as number | undefined;
  const demands = useDict('demand_category');

  useEffect(() => {
    let live = true;
    api
      .get<ListResult<Appointment>>('/appointments', { status: 'active', pageSize: 50 })
      .then((r) => {
        if (!live) return;
        const open = r.data.filter((a) => a.actions.includes('recordLog'));
        setPosts(open);
        if (open[0]) form.setFieldValue('appointmentId', open[0].id);
      })
      .catch((e: unknown) => live && setLoadError(explain(e)));
    return () => {
      live = false;
    };
  }, [form]);

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(null);
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') body[k] = v;
    body.occurredAt = dayjs(String(values.occurredAt ?? '')).format();
    if (body.kind === 'visit' && body.targetType === 'household') delete body.targetUnitId;
    const parsed = parseAny(workLogCreate, body, locale);
    if (!parsed.ok) {
      showIssues(form, parsed.issues);
      return;
    }
    setSaving(true);
    try {
      const log = await api.post<WorkLog>('/work-logs', parsed.data);
      const picked = files.flatMap((f) => (f.originFileObj ? [f.originFileObj] : []));
      if (picked.length) {
        try {
          await api.upload(`/work-logs/${log.id}/files`, picked);
        } catch (e) {
          // The log stands on its own; the photo can be added again from the desk.
          message.warning(t('log.uploadFailed', { reason: explain(e) }));
        }
      }
      message.success(t('log.saved'));
      navigate('/my-duty');
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      if (!(e instanceof ApiError) || e.details.length === 0 || rest.length > 0) setRefusal(explain(e));
    } finally {
      setSaving(false);
    }
  };

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (posts === null) return <Skeleton active />;
  if (posts.length === 0)
    return (
      <Card className="gj-phone">
        <Empty description={t('log.noAppointment')} />
      </Card>
    );

  const post = posts.find((p) => p.id === appointmentId);
  // The pickers load only when opened, by which time the form holds the appointment.
  const lookupId = appointmentId ?? posts[0]?.id ?? 0;
  return (
    <div className="gj-phone">
      <Card size="small" title={t('menu.record')}>
        <Form
          form={form}
          layout="vertical"
          size="large"
          onFinish={(v: Record<string, unknown>) => void submit(v)}
          onValuesChange={(changed: Record<string, unknown>) => {
            // The schema's and the server's errors are set by hand, so no rule clears them: a
            // field's error goes as soon as it is filled or changed.
            form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })));
            // A picked unit or employee belongs to one appointment and one kind of target.
            if ('appointmentId' in changed)
              form.setFieldsValue({ targetUnitId: null, subjectMemberId: null });
            else if ('targetType' in changed) form.setFieldValue('targetUnitId', null);
          }}
          initialValues={{
            kind: 'contact',
            occurredAt: dayjs().format('YYYY-MM-DDTHH:mm'),
            targetType: 'household',
            activityRole: 'attended',
            reportYear: dayjs().year() - 1,
          }}
          className="gj-record-form-phone"
        >
          <Form.Item name="appointmentId" label={t('log.appointment')} hidden={posts.length === 1}>
            <Select
              options={posts.map((p) => ({
                value: p.id,
                label: `${kindName(locale, p, 'kind')} · ${p.receivingOrgName}`,
              }))}
            />
          </Form.Item>
          {post ? (
            <div className="gj-phone-post">
              {kindName(locale, post, 'kind')} · {post.receivingOrgName}
            </div>
          ) : null}
          <Form.Item name="kind" label={t('log.kind')}>
            <Radio.Group optionType="button" buttonStyle="solid" className="gj-kind-grid">
              {WORK_LOG_KINDS.map((k) => (
                <Radio.Button key={k} value={k}>
                  {label(WORK_LOG_KIND_LABELS[k])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="occurredAt" label={t('log.occurredAt')}>
            <Input type="datetime-local" max={dayjs().format('YYYY-MM-DDTHH:mm')} />
          </Form.Item>

          {kind === 'visit' ? (
            <>
              <Form.Item name="targetType" label={t('log.targetType')}>
                <Radio.Group optionType="button" buttonStyle="solid" className="gj-kind-grid">
                  {VISIT_TARGET_TYPES.map((v) => (
                    <Radio.Button key={v} value={v}>
                      {t(VISIT_LABELS[v])}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              {targetType === 'household' ? (
                <Form.Item name="householdAddress" label={t('log.householdAddress')} required>
                  <Input />
                </Form.Item>
              ) : (
                <Form.Item name="targetUnitId" label={t('log.targetUnit')} required>
                  <VisitTargetPicker
                    appointmentId={lookupId}
                    type={targetType === 'two_new_org' ? 'two_new_org' : 'unit'}
                  />
                </Form.Item>
              )}
              <Form.Item name="asked" label={t('log.asked')}>
                <Input.TextArea autoSize={{ minRows: 2 }} />
              </Form.Item>
              <Form.Item name="noted" label={t('log.noted')}>
                <Input.TextArea autoSize={{ minRows: 2 }} />
              </Form.Item>
              <Form.Item
                name="demandCategories"
                label={t('log.demandCategories')}
                extra={t('log.demandCategoriesHelp')}
              >
                <Select mode="multiple" showSearch={false} allowClear options={demands.options} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'employee_contact' ? (
            <Form.Item name="subjectMemberId" label={t('log.subject')} required>
              <EmployeePicker appointmentId={lookupId} />
            </Form.Item>
          ) : null}
          {kind === 'activity' ? (
            <>
              <Form.Item name="activityType" label={t('log.activityType')} required>
                <Select options={labelOptions(ACTIVITY_TYPE_LABELS, label)} />
              </Form.Item>
              <Form.Item name="activityRole" label={t('log.activityRole')}>
                <Radio.Group optionType="button" buttonStyle="solid">
                  <Radio.Button value="led">{t('log.led')}</Radio.Button>
                  <Radio.Button value="attended">{t('log.attended')}</Radio.Button>
                </Radio.Group>
              </Form.Item>
            </>
          ) : null}
          {kind === 'action' ? (
            <Form.Item name="actionCategory" label={t('log.actionCategory')} required>
              <Radio.Group optionType="button" buttonStyle="solid" className="gj-kind-grid">
                {labelOptions(ACTION_CATEGORY_LABELS, label).map((o) => (
                  <Radio.Button key={String(o.value)} value={o.value}>
                    {o.label}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
          ) : null}
          {kind === 'annual_report' ? (
            <Form.Item name="reportYear" label={t('log.reportYear')} required>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}

          <Form.Item name="place" label={t('log.place')}>
            <Input />
          </Form.Item>
          <Form.Item name="withWhom" label={t('log.withWhom')}>
            <Input />
          </Form.Item>
          <Form.Item name="content" label={t('log.content')} required>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          {WITH_HOURS.includes(kind) ? (
            <Form.Item name="hours" label={t('log.hours')}>
              <InputNumber min={0.5} max={24} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item label={t('log.photo')} extra={t('log.photoHelp')}>
            {/* The card opens the phone's camera directly (capture); the link below picks a saved
                photo or a PDF instead. Both fill the same list. */}
            <Upload
              listType="picture-card"
              accept="image/*"
              capture="environment"
              multiple
              maxCount={EVIDENCE_MAX_FILES}
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList)}
              data-testid="photo-camera"
            >
              {files.length < EVIDENCE_MAX_FILES ? (
                <div>
                  <CameraOutlined style={{ fontSize: 22 }} />
                  <div style={{ marginTop: 4 }}>{t('log.takePhoto')}</div>
                </div>
              ) : null}
            </Upload>
            {files.length < EVIDENCE_MAX_FILES ? (
              <Upload
                accept="image/jpeg,image/png,image/webp,application/pdf"
                multiple
                showUploadList={false}
                beforeUpload={() => false}
                onChange={({ file }) => {
                  // Only this pick: its fileList knows nothing of the camera's.
                  const picked = file as UploadFile;
                  setFiles((before) => [...before, picked].slice(0, EVIDENCE_MAX_FILES));
                }}
              >
                <Button type="link" style={{ paddingInline: 0 }}>
                  {t('log.pickPhoto')}
                </Button>
              </Upload>
            ) : null}
          </Form.Item>
          {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" block size="large" loading={saving}>
            {t('log.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
