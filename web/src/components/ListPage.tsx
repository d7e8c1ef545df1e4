import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import type { AnyEndpoint, BatchResult } from '@gongjian/common';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Popover,
  Row,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ListContract, send } from '#web/api/call.ts';
import { ApiError, api, applyFieldErrors, explain, type QueryValue } from '#web/api/client.ts';
import type { ListRecord, ListResult } from '#web/api/types.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { type Field, FieldControl } from './fields';
import { isRequired, normaliseValue, type ObjectSchema, parseForm, showIssues, zodRule } from './zodForm';

export interface ListPageProps<T extends ListRecord> {
  /** Stable id: column settings are remembered under it. */
  id: string;
  title: string;
  /** What one record is called, for "新建{thing}". */
  thing: string;
  /**
   * The endpoints' contracts (common): the list, and the record's get, create, update and remove
   * when the page offers them.
   */
  api?: ListPageApi;
  /**
   * For lists without contracts yet: the list endpoint; `GET endpoint/:id`, `PATCH` and `DELETE`
   * use the same base. One of `api` and `endpoint`.
   */
  endpoint?: string;
  fields: Field<T>[];
  /** How a record is named in confirmations and the drawer title. */
  nameOf: (r: T) => string;
  /** Body schema of POST; no create button without it (or when `canCreate` is false). */
  createSchema?: ObjectSchema;
  canCreate?: boolean;
  /** Body schema of PATCH. */
  updateSchema?: ObjectSchema;
  /** Initial values of the create form. */
  createDefaults?: Record<string, unknown>;
  /** Values sent with every create that the form does not show (e.g. the parent node). */
  createFixed?: Record<string, unknown>;
  /** Called after a create, edit or delete succeeded (e.g. to refresh a tree beside the list). */
  onChanged?: () => void;
  /** Form values for editing a record; the input fields' values from the record by default. */
  toForm?: (r: T) => Record<string, unknown>;
  /** Fixed query parameters (e.g. a type the page is about). */
  baseQuery?: Record<string, QueryValue>;
  /**
   * Filters in force when the page opens (e.g. from a link on another page); shown in the search
   * form, so the user sees and can clear them. Dates as YYYY-MM-DD.
   */
  initialFilters?: Record<string, QueryValue>;
  /** More buttons per row, after 编辑/删除. */
  rowActions?: (r: T, reload: () => void) => ReactNode;
  /** More content in the detail drawer, given the record as `GET endpoint/:id` returned it. */
  detailExtra?: (r: T, reload: () => void) => ReactNode;
  /**
   * Buttons beside 新建 (e.g. a district switch); as a function it gets the filters in force and
   * a reload, for exports of the current list and imports that change it.
   */
  toolbar?: ReactNode | ((list: { filters: Record<string, QueryValue>; reload: () => void }) => ReactNode);
  /** Placeholder of the keyword box. */
  searchHint?: string;
  /** Hide the keyword box when the endpoint takes no `q`. */
  noKeyword?: boolean;
  /** No search card at all (short lists shown inside another page). */
  noSearch?: boolean;
  /** Actions on the ticked rows of the page; the table gets checkboxes when there are any. */
  bulkActions?: BulkAction<T>[];
  /**
   * false for an endpoint that answers its whole list and takes no paging (the seats of a joint
   * body): nothing of page/pageSize is sent — the API refuses parameters a route does not
   * declare — and the table pages what it got. Paged by the server by default.
   */
  paged?: boolean;
}

/** An action on the ticked rows (批量确认…); a row can be ticked when some action applies to it. */
export interface BulkAction<T> {
  key: string;
  label: string;
  /** Whether the action applies to a row: usually `r.actions.includes(…)`, as the server says. */
  applies: (r: T) => boolean;
  /** The question asked before running, given how many rows it applies to. */
  confirm: (n: number) => string;
  /** Runs the batch endpoint on the ids; each refused row comes back with its reason. */
  run: (ids: number[]) => Promise<BatchResult>;
}

/** The contracts a list page works with; every one but `list` is optional. */
export interface ListPageApi {
  list: ListContract;
  get?: AnyEndpoint;
  create?: AnyEndpoint;
  update?: AnyEndpoint;
  remove?: AnyEndpoint;
  /** Path parameters besides the record's own (the joint body whose seats are listed). */
  params?: Readonly<Record<string, unknown>>;
  /** The path parameter that names a record; `id` unless said (`seatId`). */
  idParam?: string;
}

/** What the page does with records, over the contracts or over the one endpoint base. */
interface RecordOps<T> {
  key: string;
  list(query: Record<string, QueryValue>): Promise<ListResult<T>>;
  /** Absent when there is no endpoint for one record (the row shown is kept). */
  get?: (id: number, query?: Record<string, QueryValue>) => Promise<T>;
  create(body: unknown): Promise<T>;
  update(id: number, body: unknown): Promise<T>;
  remove(id: number): Promise<unknown>;
}

const missing = (what: string) => () => Promise.reject(new Error(`ListPage: no ${what} endpoint`));

function recordOps<T>(props: { api?: ListPageApi; endpoint?: string }): RecordOps<T> {
  const contracts = props.api;
  if (contracts) {
    const at = (id: number) => ({ ...contracts.params, [contracts.idParam ?? 'id']: id });
    const { get, create, update, remove } = contracts;
    return {
      key: JSON.stringify([contracts.list.path, contracts.params]),
      list: (query) => send(contracts.list, { params: contracts.params, query }) as Promise<ListResult<T>>,
      get: get && ((id, query) => send(get, { params: at(id), query }) as Promise<T>),
      create: create
        ? (body) => send(create, { params: contracts.params, body }) as Promise<T>
        : missing('create'),
      update: update ? (id, body) => send(update, { params: at(id), body }) as Promise<T> : missing('update'),
      remove: remove ? (id) => send(remove, { params: at(id) }) : missing('remove'),
    };
  }
  const endpoint = props.endpoint ?? '';
  return {
    key: endpoint,
    list: (query) => api.get<ListResult<T>>(endpoint, query),
    get: (id, query) => api.get<T>(`${endpoint}/${id}`, query),
    create: (body) => api.post<T>(endpoint, body),
    update: (id, body) => api.patch<T>(`${endpoint}/${id}`, body),
    remove: (id) => api.del(`${endpoint}/${id}`),
  };
}

const COLS_KEY = (id: string) => `gj.cols.${id}`;

function readHidden(id: string, fallback: string[]): string[] {
  try {
    const raw = localStorage.getItem(COLS_KEY(id));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : fallback;
  } catch {
    return fallback;
  }
}

function plain(v: unknown): ReactNode {
  if (v === null || v === undefined || v === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'boolean') return v ? '✓' : '—';
  return String(v);
}

/**
 * The generic registry page: server-side paging, keyword and filters, column settings, detail
 * drawer, create/edit modal validated by the shared zod schema, delete with the server's reason.
 * Record buttons come only from each record's `actions`.
 */
export function ListPage<T extends ListRecord>(props: ListPageProps<T>) {
  const { id, fields, nameOf } = props;
  const ops = recordOps<T>(props);
  const endpoint = ops.key;
  const paged = props.paged !== false;
  const { t, locale } = useLocale();
  const { message, modal } = App.useApp();
  const [rows, setRows] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  // Past 10,000 matches the server estimates the total rather than count every row (it says so).
  const [totalExact, setTotalExact] = useState(true);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [filters, setFilters] = useState<Record<string, QueryValue>>(() => props.initialFilters ?? {});
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloadTick, setReloadTick] = useState(0);
  const [searchForm] = Form.useForm();
  const defaultHidden = useMemo(
    () => fields.filter((f) => f.column !== false && f.column?.hidden === true).map((f) => f.key),
    [fields],
  );
  const [hidden, setHidden] = useState<string[]>(() => readHidden(id, defaultHidden));
  const [detail, setDetail] = useState<T | null>(null);
  const [editing, setEditing] = useState<{ mode: 'create' } | { mode: 'edit'; record: T } | null>(null);
  const [selected, setSelected] = useState<number[]>([]);

  const reload = useCallback(() => setReloadTick((n) => n + 1), []);
  const baseKey = JSON.stringify(props.baseQuery ?? {});

  // Lists that page by key answer `next`, the cursor of the page after. Stepping page by page the
  // desk asks by cursor (`after`, counted from page 1), so page 500 costs what page 1 does; a jump
  // to a page not reached yet goes by number. The cursors hold for one filter and page size.
  const cursors = useRef(new Map<number, string>());
  const cursorKey = JSON.stringify([endpoint, baseKey, filters, pageSize]);
  const cursorsFor = useRef(cursorKey);
  if (cursorsFor.current !== cursorKey) {
    cursorsFor.current = cursorKey;
    cursors.current = new Map();
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadTick and locale trigger a refetch on purpose
  useEffect(() => {
    let live = true;
    setLoading(true);
    // An unpaged list is read once; turning the table's pages then refetches nothing.
    const after = paged && page > 1 ? cursors.current.get(page) : undefined;
    const paging = !paged ? {} : after ? { page: 1, pageSize, after } : { page, pageSize };
    const known = cursors.current;
    ops
      .list({ ...(JSON.parse(baseKey) as object), ...filters, ...paging })
      .then((r) => {
        if (!live) return;
        if (r.next) known.set(page + 1, r.next);
        setRows(r.data);
        // Ticks belong to the rows shown: another page, filter or reload starts afresh.
        setSelected([]);
        setTotal(r.total);
        setTotalExact(r.totalExact !== false);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [endpoint, baseKey, filters, paged, paged && page, paged && pageSize, reloadTick, locale]);

  const saveHidden = (next: string[]) => {
    setHidden(next);
    try {
      localStorage.setItem(COLS_KEY(id), JSON.stringify(next));
    } catch {
      // Without storage the choice lasts for this page only.
    }
  };

  const replaceRow = (r: T) => {
    setRows((rs) => rs.map((x) => (x.id === r.id ? r : x)));
    setDetail((d) => (d && d.id === r.id ? r : d));
  };

  const reveal = async (r: T) => {
    try {
      if (!ops.get) return;
      replaceRow(await ops.get(r.id, { reveal: true }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const remove = async (r: T) => {
    try {
      await ops.remove(r.id);
      message.success(t('list.deleted'));
      setDetail(null);
      props.onChanged?.();
      // Step back when the last row of a page went away.
      if (rows.length === 1 && page > 1) setPage(page - 1);
      else reload();
    } catch (e) {
      modal.error({ title: t('list.deleteRefused'), content: explain(e) });
    }
  };

  const openDetail = async (r: T) => {
    setDetail(r);
    if (!ops.get) return;
    try {
      const fresh = await ops.get(r.id);
      setDetail((d) => (d && d.id === r.id ? fresh : d));
    } catch {
      // The row already shown is good enough when the detail read fails.
    }
  };

  const renderValue = (f: Field<T>, r: T): ReactNode => {
    const shown = f.render ? f.render(r) : plain((r as unknown as Record<string, unknown>)[f.key]);
    if (!f.sensitive || !r.actions.includes('reveal')) return shown;
    const value = (r as unknown as Record<string, unknown>)[f.key];
    if (typeof value !== 'string' || !value.includes('*')) return shown;
    return (
      <Space size={4}>
        {shown}
        <Button
          type="link"
          size="small"
          style={{ padding: 0, height: 'auto' }}
          onClick={() => void reveal(r)}
        >
          {t('list.reveal')}
        </Button>
      </Space>
    );
  };

  const columns: ColumnsType<T> = [
    ...fields
      .filter((f) => f.column !== false && !hidden.includes(f.key))
      .map((f) => ({
        key: f.key,
        dataIndex: f.key,
        title: f.title,
        width: f.column ? f.column.width : undefined,
        ellipsis: f.column ? f.column.ellipsis : undefined,
        render: (_: unknown, r: T) => renderValue(f, r),
      })),
    {
      key: '__actions',
      title: t('list.actions'),
      fixed: 'right',
      width: 180,
      render: (_: unknown, r: T) => (
        <Space size={0} wrap={false}>
          <Button type="link" size="small" onClick={() => void openDetail(r)}>
            {t('list.view')}
          </Button>
          {r.actions.includes('update') && props.updateSchema ? (
            <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', record: r })}>
              {t('list.edit')}
            </Button>
          ) : null}
          {r.actions.includes('delete') ? (
            <Popconfirm
              title={t('list.deleteConfirm', { name: nameOf(r) })}
              okText={t('list.delete')}
              cancelText={t('list.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(r)}
            >
              <Button type="link" size="small" danger>
                {t('list.delete')}
              </Button>
            </Popconfirm>
          ) : null}
          {props.rowActions?.(r, reload)}
        </Space>
      ),
    },
  ];

  const filterFields = fields.filter((f) => f.filter);
  // The search form shows the opening filters; date pickers hold dayjs values, not strings.
  const [initialForm] = useState(() => {
    const out: Record<string, unknown> = {};
    for (const f of filterFields) {
      const name = f.filterName ?? f.name ?? f.key;
      const v = props.initialFilters?.[name];
      if (v !== undefined) out[name] = f.filter?.kind === 'date' ? dayjs(String(v)) : v;
    }
    if (props.initialFilters?.q !== undefined) out.q = props.initialFilters.q;
    return out;
  });
  const onSearch = (values: Record<string, unknown>) => {
    const next: Record<string, QueryValue> = {};
    for (const [k, v] of Object.entries(values)) {
      const n = normaliseValue(v);
      if (n === undefined || n === null || n === '' || typeof n === 'object') continue;
      next[k] = n as QueryValue;
    }
    setPage(1);
    setFilters(next);
  };
  const filtered = Object.keys(filters).length > 0;

  const bulk = props.bulkActions ?? [];
  const tickable = (r: T) => bulk.some((a) => a.applies(r));
  const runBulk = (action: BulkAction<T>) => {
    const ids = rows.filter((r) => selected.includes(r.id) && action.applies(r)).map((r) => r.id);
    modal.confirm({
      title: action.confirm(ids.length),
      onOk: async () => {
        try {
          const result = await action.run(ids);
          if (result.done.length) message.success(t('list.bulkDone', { n: result.done.length }));
          if (result.refused.length) {
            const name = new Map(rows.map((r) => [r.id, nameOf(r)]));
            modal.warning({
              title: t('list.bulkRefusedTitle', { n: result.refused.length }),
              content: (
                <ul className="gj-bulk-refused">
                  {result.refused.map((x) => (
                    <li key={x.id}>
                      {name.get(x.id) ?? `#${x.id}`}：{x.message}
                    </li>
                  ))}
                </ul>
              ),
            });
          }
        } catch (e) {
          modal.error({ title: action.label, content: explain(e) });
        }
        props.onChanged?.();
        reload();
      },
    });
  };
  const bulkBar =
    bulk.length && selected.length ? (
      <Space data-testid="bulk-bar">
        <Typography.Text>{t('list.selected', { n: selected.length })}</Typography.Text>
        {bulk.map((a) => {
          const n = rows.filter((r) => selected.includes(r.id) && a.applies(r)).length;
          return (
            <Button key={a.key} type="primary" disabled={!n} onClick={() => runBulk(a)}>
              {a.label}
            </Button>
          );
        })}
        <Button type="link" onClick={() => setSelected([])}>
          {t('list.clearSelection')}
        </Button>
      </Space>
    ) : null;

  const columnSettings = (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6, minWidth: 160 }}>
      {fields
        .filter((f) => f.column !== false)
        .map((f) => (
          <Checkbox
            key={f.key}
            checked={!hidden.includes(f.key)}
            onChange={(e) =>
              saveHidden(e.target.checked ? hidden.filter((k) => k !== f.key) : [...hidden, f.key])
            }
          >
            {f.title}
          </Checkbox>
        ))}
      <Button size="small" onClick={() => saveHidden(defaultHidden)}>
        {t('list.columnsReset')}
      </Button>
    </div>
  );

  return (
    <div className="gj-page">
      {props.noSearch ? null : (
        <Card className="gj-search" size="small">
          <Form
            form={searchForm}
            layout="inline"
            onFinish={onSearch}
            className="gj-search-form"
            initialValues={initialForm}
          >
            {props.noKeyword ? null : (
              <Form.Item name="q">
                <Input.Search
                  allowClear
                  placeholder={props.searchHint ?? t('list.keyword')}
                  onSearch={() => searchForm.submit()}
                  style={{ width: 240 }}
                />
              </Form.Item>
            )}
            {filterFields.map((f) => (
              <Form.Item
                key={f.key}
                name={f.filterName ?? f.name ?? f.key}
                label={f.title}
                className="gj-filter"
              >
                {f.filter ? <FieldControl spec={f.filter} inFilter /> : null}
              </Form.Item>
            ))}
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('list.search')}
                </Button>
                <Button
                  onClick={() => {
                    // Cleared, not reset: resetFields would bring back the opening filters.
                    const all = searchForm.getFieldsValue(true) as Record<string, unknown>;
                    searchForm.setFieldsValue(
                      Object.fromEntries(Object.keys(all).map((k) => [k, undefined])),
                    );
                    onSearch({});
                  }}
                >
                  {t('list.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Card
        className="gj-table-card"
        title={props.title}
        extra={
          <Space>
            {bulkBar}
            {typeof props.toolbar === 'function'
              ? props.toolbar({ filters: { ...props.baseQuery, ...filters }, reload })
              : props.toolbar}
            {props.createSchema && props.canCreate !== false ? (
              <Button type="primary" onClick={() => setEditing({ mode: 'create' })}>
                {t('list.create')}
              </Button>
            ) : null}
            <Tooltip title={t('list.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('list.refresh')} />
            </Tooltip>
            <Popover
              content={columnSettings}
              title={t('list.columns')}
              trigger="click"
              placement="bottomRight"
            >
              <Tooltip title={t('list.columns')}>
                <Button icon={<SettingOutlined />} aria-label={t('list.columns')} />
              </Tooltip>
            </Popover>
          </Space>
        }
      >
        {error ? (
          <Alert
            type="error"
            showIcon
            title={t('list.loadFailed')}
            description={error}
            action={
              <Button size="small" onClick={reload}>
                {t('list.retry')}
              </Button>
            }
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Table<T>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={loading}
          rowSelection={
            bulk.length
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(Number)),
                  getCheckboxProps: (r) => ({ disabled: !tickable(r) }),
                }
              : undefined
          }
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('list.emptyFiltered') : t('list.empty')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            // Unpaged: the table pages the whole list it holds.
            total: paged ? total : rows.length,
            showSizeChanger: true,
            showTotal: (n) =>
              t(totalExact ? 'list.total' : 'list.totalEstimate', { n: n.toLocaleString(locale) }),
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
        />
      </Card>
      <Drawer
        open={detail !== null}
        onClose={() => setDetail(null)}
        title={detail ? nameOf(detail) : t('list.detail')}
        size={560}
        destroyOnHidden
      >
        {detail ? (
          <>
            <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }}>
              {fields
                .filter((f) => f.detail !== false)
                .map((f) => (
                  <Descriptions.Item key={f.key} label={f.title}>
                    {renderValue(f, detail)}
                  </Descriptions.Item>
                ))}
            </Descriptions>
            {props.detailExtra?.(detail, () => void openDetail(detail))}
          </>
        ) : null}
      </Drawer>
      {editing ? (
        <RecordForm<T>
          {...props}
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            if (editing.mode === 'edit') replaceRow(r);
            reload();
            props.onChanged?.();
          }}
        />
      ) : null}
    </div>
  );
}

interface RecordFormProps<T extends ListRecord> extends ListPageProps<T> {
  editing: { mode: 'create' } | { mode: 'edit'; record: T };
  onClose(): void;
  onSaved(r: T): void;
}

/** The create/edit modal: zod rules per field, a whole-form parse, then the server's field errors. */
function RecordForm<T extends ListRecord>(props: RecordFormProps<T>) {
  const { editing, fields, thing } = props;
  const ops = recordOps<T>(props);
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const mode = editing.mode;
  const schema = mode === 'create' ? props.createSchema : props.updateSchema;
  const shown = fields.filter((f) => f.input && (!f.on || f.on === mode));
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;
  const maskedInEdit = (f: (typeof shown)[number]) => {
    if (editing.mode !== 'edit' || !f.sensitive) return false;
    const v = (editing.record as unknown as Record<string, unknown>)[f.name ?? f.key];
    return typeof v === 'string' && v.includes('*');
  };

  const initialValues = useMemo(() => {
    if (editing.mode === 'create') return props.createDefaults ?? {};
    if (props.toForm) return props.toForm(editing.record);
    const rec = editing.record as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of shown) {
      const name = f.name ?? f.key;
      const v = rec[name];
      // Masked values are not real values: left empty, the field is simply not changed.
      if (f.input?.kind === 'password' || (f.sensitive && typeof v === 'string' && v.includes('*'))) continue;
      out[name] = v;
    }
    return out;
  }, [editing, props, shown]);

  const submit = async () => {
    if (!schema) return;
    let raw: Record<string, unknown>;
    try {
      raw = await form.validateFields();
    } catch {
      return;
    }
    // Hidden conditional fields are not sent.
    const visible = Object.fromEntries(
      Object.entries(raw).filter(([k]) => {
        const f = shown.find((x) => (x.name ?? x.key) === k);
        return !f?.visibleWhen || f.visibleWhen(raw);
      }),
    );
    const parsed = parseForm(
      schema,
      editing.mode === 'create' ? { ...props.createFixed, ...visible } : visible,
      locale,
    );
    if (!parsed.ok) {
      showIssues(form, parsed.issues);
      const names = new Set(shown.map((f) => f.name ?? f.key));
      const stray = parsed.issues.filter((i) => !names.has(i.path.replace(/\.\d+$/, '')));
      if (stray.length) message.error(stray.map((i) => `${i.path}: ${i.message}`).join('；'));
      return;
    }
    setSaving(true);
    try {
      const saved =
        editing.mode === 'create'
          ? await ops.create(parsed.data)
          : await ops.update(editing.record.id, parsed.data);
      message.success(editing.mode === 'create' ? t('list.created') : t('list.saved'));
      props.onSaved(saved);
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      if (!(e instanceof ApiError) || e.details.length === 0 || rest.length > 0) {
        message.error(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={mode === 'edit' ? t('list.editTitle', { thing }) : t('list.createTitle', { thing })}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('list.save')}
      cancelText={t('list.cancel')}
      confirmLoading={saving}
      width={760}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        requiredMark
        className="gj-record-form"
      >
        <Row gutter={16}>
          {shown.map((f) => {
            const name = f.name ?? f.key;
            if (f.visibleWhen && !f.visibleWhen(values)) return null;
            return (
              <Col key={name} xs={24} sm={f.wide || f.input?.kind === 'textarea' ? 24 : 12}>
                <Form.Item
                  name={name}
                  label={f.title}
                  extra={f.help ?? (maskedInEdit(f) ? t('list.maskedHint') : undefined)}
                  required={schema ? isRequired(schema, name) : false}
                  rules={schema ? [zodRule(schema, name, locale)] : []}
                  dependencies={f.dependsOn ? [...f.dependsOn] : undefined}
                  validateTrigger="onBlur"
                >
                  {f.input ? (
                    <FieldControl
                      spec={f.input}
                      initialRef={editing.mode === 'edit' ? (f.refLabel?.(editing.record) ?? null) : null}
                    />
                  ) : null}
                </Form.Item>
              </Col>
            );
          })}
        </Row>
      </Form>
    </Modal>
  );
}
