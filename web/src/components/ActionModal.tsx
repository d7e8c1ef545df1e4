import { Alert, App, Col, Form, Modal, Row } from 'antd';
import { useState } from 'react';
import { ApiError, api, applyFieldErrors } from '#web/api/client.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { type Field, FieldControl } from './fields';
import { isRequired, type ObjectSchema, parseForm, showIssues, zodRule } from './zodForm';

export interface ActionModalProps<R> {
  title: string;
  /**
   * Where the parsed form values (plus `fixed`) go: a function calling the action's contract, or
   * the path POSTed to for actions without a contract yet.
   */
  endpoint: string | ((body: Record<string, unknown>) => Promise<R>);
  /** The body schema, shared with the server. */
  schema: ObjectSchema;
  /** The form's controls (only `input` fields are shown). */
  fields: Field<unknown>[];
  initialValues?: Record<string, unknown>;
  /** Values sent that the form does not show (e.g. `decision: 'reject'`). */
  fixed?: Record<string, unknown>;
  okText?: string;
  danger?: boolean;
  /** A sentence above the form saying what the action does. */
  intro?: string;
  onClose(): void;
  onDone(result: R): void;
}

/**
 * A small dialog for one move on a record (end, recall, reject, publish notice…): client checks
 * from the shared schema, the server's field errors on the fields, and a refusal that belongs to
 * no field (a 409 state error) shown with the server's message inside the dialog.
 */
export function ActionModal<R>(props: ActionModalProps<R>) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const shown = props.fields.filter((f) => f.input);

  const submit = async () => {
    setRefusal(null);
    let raw: Record<string, unknown>;
    try {
      raw = await form.validateFields();
    } catch {
      return;
    }
    const parsed = parseForm(props.schema, { ...raw, ...props.fixed }, locale);
    if (!parsed.ok) {
      showIssues(form, parsed.issues);
      return;
    }
    setSaving(true);
    try {
      const { endpoint } = props;
      const body = parsed.data as Record<string, unknown>;
      const result = typeof endpoint === 'string' ? await api.post<R>(endpoint, body) : await endpoint(body);
      message.success(t('list.saved'));
      props.onDone(result);
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      if (!(e instanceof ApiError) || e.details.length === 0 || rest.length > 0)
        setRefusal(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={props.okText ?? t('list.ok')}
      okButtonProps={{ danger: props.danger }}
      cancelText={t('list.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      {props.intro ? <p style={{ marginTop: 0 }}>{props.intro}</p> : null}
      {refusal ? (
        <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} data-testid="refusal" />
      ) : null}
      <Form form={form} layout="vertical" initialValues={props.initialValues} requiredMark>
        <Row gutter={16}>
          {shown.map((f) => {
            const name = f.name ?? f.key;
            return (
              <Col key={name} span={f.wide || f.input?.kind === 'textarea' ? 24 : 12}>
                <Form.Item
                  name={name}
                  label={f.title}
                  extra={f.help}
                  required={isRequired(props.schema, name)}
                  rules={[zodRule(props.schema, name, locale)]}
                  validateTrigger="onBlur"
                >
                  {f.input ? <FieldControl spec={f.input} /> : null}
                </Form.Item>
              </Col>
            );
          })}
        </Row>
      </Form>
    </Modal>
  );
}
