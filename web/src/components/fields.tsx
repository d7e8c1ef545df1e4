import type { AreaLevel, DictType } from '@gongjian/common';
import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { ListContract } from '#web/api/call.ts';
import type { QueryValue } from '#web/api/client.ts';
import { useDict } from '#web/api/dictionaries.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { AreaPicker } from './AreaPicker';
import { type RemoteOption, RemoteSelect } from './RemoteSelect';

export interface Option {
  value: string | number | boolean;
  label: string;
}

/** The kinds of control a field can be edited or filtered with. */
export type InputSpec =
  | { kind: 'text'; placeholder?: string }
  | { kind: 'password' }
  | { kind: 'textarea' }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'select'; options: Option[]; multiple?: boolean }
  | { kind: 'dict'; type: DictType; multiple?: boolean }
  | { kind: 'area'; levels?: readonly AreaLevel[] }
  | {
      kind: 'ref';
      /** The list to pick from: its contract, or its path for lists without one yet. */
      endpoint: ListContract | string;
      query?: Record<string, QueryValue>;
      labelOf?: (r: Record<string, unknown>) => string;
    }
  | { kind: 'date' }
  | { kind: 'switch' }
  /** A control of the page's own (e.g. a checklist of structured conditions). */
  | { kind: 'custom'; render: (props: CustomControlProps) => ReactNode };

/** What antd's Form.Item hands a custom control. */
export interface CustomControlProps {
  value?: unknown;
  onChange?: (v: unknown) => void;
  id?: string;
}

/**
 * One field of a registry page. A single array of these drives the table columns, the search
 * form, the create/edit modal and the detail drawer, like ProTable's `columns`.
 */
export interface Field<T> {
  /** Property of the record shown in the table and drawer. */
  key: string;
  title: string;
  /** How the value reads; `record[key]` as text by default. */
  render?: (record: T) => ReactNode;
  /** `false` keeps it out of the table; `hidden` starts it unticked in column settings. */
  column?: false | { width?: number; hidden?: boolean; ellipsis?: boolean };
  /** `false` keeps it out of the detail drawer. */
  detail?: false;
  /** Control in the search form; the query parameter is `filterName ?? name ?? key`. */
  filter?: InputSpec;
  filterName?: string;
  /** Control in the create/edit form; the form (and body) field is `name ?? key`. */
  input?: InputSpec;
  name?: string;
  /** Only in the create form, or only in the edit form. */
  on?: 'create' | 'edit';
  /** Show the form control only when this holds for the current form values. */
  visibleWhen?: (values: Record<string, unknown>) => boolean;
  /** Help text under the form control. */
  help?: string;
  /**
   * Form fields a rule across fields reads beside this one (`memberRuleInputs`): a change there
   * checks this field again, so its error goes once the pair agrees, whichever side was fixed.
   */
  dependsOn?: readonly string[];
  /** Full width in the two-column form and the drawer. */
  wide?: boolean;
  /** Masked phone / ID number: offers "显示" where the record's actions contain `reveal`. */
  sensitive?: boolean;
  /** Label of the current value of a `ref` input when editing (e.g. the unit name). */
  refLabel?: (record: T) => RemoteOption | null;
}

/** Shows a dictionary code as its label in the current language. */
export function DictLabel({ type, code }: { type: DictType; code: string | null | undefined }) {
  const dict = useDict(type);
  return <>{dict.label(code)}</>;
}

export function DictTags({ type, codes }: { type: DictType; codes: string[] }) {
  const dict = useDict(type);
  return <>{codes.map((c) => dict.label(c)).join('、')}</>;
}

function DictSelect({
  type,
  multiple,
  ...rest
}: {
  type: DictType;
  multiple?: boolean | undefined;
  value?: unknown;
  onChange?: (v: unknown) => void;
  id?: string;
  placeholder?: string;
}) {
  const dict = useDict(type);
  const { t } = useLocale();
  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      options={dict.options}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={rest.placeholder ?? t('list.selectPlaceholder')}
      style={{ width: '100%' }}
    />
  );
}

interface ControlProps {
  spec: InputSpec;
  value?: unknown;
  onChange?: (v: unknown) => void;
  /** Passed on, so a form item validating on blur (ListPage's) hears the control being left. */
  onBlur?: () => void;
  id?: string;
  /** Filters allow clearing everything; forms follow the schema. */
  inFilter?: boolean;
  initialRef?: RemoteOption | null;
}

/** Render the antd control for an input spec; antd's Form.Item injects value/onChange/id. */
export function FieldControl({ spec, inFilter, initialRef, ...rest }: ControlProps) {
  const { t } = useLocale();
  const input = t('list.inputPlaceholder');
  const select = t('list.selectPlaceholder');
  switch (spec.kind) {
    case 'text':
      return (
        <Input
          id={rest.id}
          onBlur={rest.onBlur}
          value={(rest.value as string | undefined) ?? ''}
          onChange={(e) => rest.onChange?.(e.target.value)}
          placeholder={spec.placeholder ?? input}
          allowClear={inFilter}
        />
      );
    case 'password':
      return (
        <Input.Password
          id={rest.id}
          onBlur={rest.onBlur}
          value={(rest.value as string | undefined) ?? ''}
          onChange={(e) => rest.onChange?.(e.target.value)}
          autoComplete="new-password"
        />
      );
    case 'textarea':
      return (
        <Input.TextArea
          id={rest.id}
          onBlur={rest.onBlur}
          value={(rest.value as string | undefined) ?? ''}
          onChange={(e) => rest.onChange?.(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
        />
      );
    case 'number':
      return (
        <InputNumber
          id={rest.id}
          onBlur={rest.onBlur}
          value={(rest.value as number | null | undefined) ?? null}
          onChange={(v) => rest.onChange?.(v)}
          min={spec.min}
          max={spec.max}
          style={{ width: '100%' }}
        />
      );
    case 'select':
      return (
        <Select
          id={rest.id}
          onBlur={rest.onBlur}
          value={rest.value}
          onChange={(v) => rest.onChange?.(v)}
          mode={spec.multiple ? 'multiple' : undefined}
          options={spec.options.map((o) => ({ value: o.value as string, label: o.label }))}
          allowClear={inFilter}
          placeholder={select}
          style={{ width: '100%' }}
        />
      );
    case 'dict':
      return <DictSelect type={spec.type} multiple={spec.multiple} {...rest} />;
    case 'area':
      return (
        <AreaPicker
          id={rest.id}
          value={rest.value as number | null | undefined}
          onChange={(v) => rest.onChange?.(v)}
          levels={spec.levels}
        />
      );
    case 'ref':
      return (
        <RemoteSelect
          id={rest.id}
          endpoint={spec.endpoint}
          query={spec.query}
          labelOf={spec.labelOf}
          initial={initialRef ?? null}
          value={rest.value as number | null | undefined}
          onChange={(v) => rest.onChange?.(v)}
        />
      );
    case 'date':
      return (
        <DatePicker
          id={rest.id}
          onBlur={rest.onBlur}
          value={
            typeof rest.value === 'string' ? dayjs(rest.value) : ((rest.value as dayjs.Dayjs | null) ?? null)
          }
          onChange={(d) => rest.onChange?.(d ?? null)}
          style={{ width: '100%' }}
        />
      );
    case 'switch':
      return <Switch id={rest.id} checked={Boolean(rest.value)} onChange={(v) => rest.onChange?.(v)} />;
    case 'custom':
      return <>{spec.render(rest)}</>;
  }
}
