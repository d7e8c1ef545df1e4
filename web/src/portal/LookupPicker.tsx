import { CheckOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import type { AppointmentEmployee, VisitTarget, VisitTargetUnitKind } from '@gongjian/common';
import { Alert, Button, Drawer, Empty, Input, List, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { api, explain, type QueryValue } from '#web/api/client.ts';
import { useDict } from '#web/api/dictionaries.ts';
import type { ListResult } from '#web/api/types.ts';
import { useLocale } from '#web/i18n/locale.tsx';

const PAGE_SIZE = 20;

interface Item {
  id: number;
  name: string;
}

/** What antd's Form.Item hands a control. */
interface FieldProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
}

interface PickerProps<T extends Item> extends FieldProps {
  /** A look-up of one appointment, paged and searched with `q`. */
  endpoint: string;
  query?: Record<string, QueryValue>;
  title: string;
  searchPlaceholder: string;
  empty: string;
  /** The line under the name. */
  describe: (item: T) => string;
  /** Done this quarter (the coverage rule's mark), and when last. */
  done: (item: T) => boolean;
  last: (item: T) => string | null;
  doneLabel: string;
  todoLabel: string;
  testId: string;
}

/**
 * A phone picker over an appointment's look-up: a large field that opens a sheet from the bottom
 * with a search box and big rows, each marked done or not yet this quarter (the server lists the
 * not-yet ones first).
 */
function LookupPicker<T extends Item>(props: PickerProps<T>) {
  const { t } = useLocale();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [items, setItems] = useState<T[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<T | null>(null);
  const seq = useRef(0);
  const queryKey = JSON.stringify(props.query ?? {});

  const load = (wanted: number, search: string) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    api
      .get<ListResult<T>>(props.endpoint, {
        ...(JSON.parse(queryKey) as Record<string, QueryValue>),
        q: search,
        page: wanted,
        pageSize: PAGE_SIZE,
      })
      .then((r) => {
        if (mine !== seq.current) return;
        setItems((before) => (wanted === 1 || !before ? r.data : [...before, ...r.data]));
        setTotal(r.total);
        setPage(wanted);
      })
      .catch((e: unknown) => mine === seq.current && setError(explain(e)))
      .finally(() => mine === seq.current && setLoading(false));
  };

  // A new appointment or target kind is a different list: start over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the look-up changes
  useEffect(() => {
    setItems(null);
    setQ('');
    if (open) load(1, '');
  }, [props.endpoint, queryKey]);

  // The form cleared the field (another kind, another appointment, a reset).
  useEffect(() => {
    if (props.value == null) setSelected(null);
  }, [props.value]);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (text: string) => {
    setQ(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => load(1, text.trim()), 250);
  };

  const show = () => {
    setOpen(true);
    if (items === null) load(1, q);
  };

  const pick = (item: T) => {
    setSelected(item);
    props.onChange?.(item.id);
    setOpen(false);
  };

  const current = selected && selected.id === props.value ? selected : null;
  let body: ReactNode;
  if (error) body = <Alert type="error" showIcon title={error} />;
  else if (items === null) body = <Skeleton active />;
  else if (items.length === 0)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? t('list.empty') : props.empty} />;
  else
    body = (
      <>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
          {t('log.pickerCount', { total })}
        </Typography.Text>
        <List
          dataSource={items}
          data-testid={`${props.testId}-list`}
          renderItem={(item) => {
            const done = props.done(item);
            const last = props.last(item);
            return (
              <List.Item
                className="gj-pick-item"
                onClick={() => pick(item)}
                style={{ cursor: 'pointer', padding: '12px 4px', minHeight: 56 }}
              >
                <div style={{ width: '100%' }}>
                  <div
                    style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center' }}
                  >
                    <strong style={{ fontSize: 16 }}>
                      {item.id === props.value ? (
                        <CheckOutlined style={{ color: '#c41d7f', marginRight: 6 }} />
                      ) : null}
                      {item.name}
                    </strong>
                    <Tag color={done ? 'green' : 'orange'} style={{ marginInlineEnd: 0 }}>
                      {done ? props.doneLabel : props.todoLabel}
                    </Tag>
                  </div>
                  <Typography.Text type="secondary">{props.describe(item)}</Typography.Text>
                  {last ? (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('log.lastOn', { date: dayjs(last).format('YYYY-MM-DD') })}
                      </Typography.Text>
                    </div>
                  ) : null}
                </div>
              </List.Item>
            );
          }}
        />
        {items.length < total ? (
          <Button block size="large" loading={loading} onClick={() => load(page + 1, q.trim())}>
            {t('log.loadMore')}
          </Button>
        ) : null}
      </>
    );

  return (
    <>
      <Button
        id={props.id}
        block
        size="large"
        onClick={show}
        data-testid={props.testId}
        style={{
          height: 'auto',
          minHeight: 48,
          padding: '8px 12px',
          justifyContent: 'space-between',
          textAlign: 'left',
        }}
      >
        <span style={{ whiteSpace: 'normal', minWidth: 0 }}>
          {current ? (
            <>
              <strong>{current.name}</strong>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {props.describe(current)}
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="secondary">{props.title}</Typography.Text>
          )}
        </span>
        <RightOutlined />
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        size="80%"
        title={props.title}
        styles={{ body: { paddingTop: 12 } }}
      >
        <Input
          allowClear
          size="large"
          prefix={<SearchOutlined />}
          placeholder={props.searchPlaceholder}
          value={q}
          onChange={(e) => search(e.target.value)}
          style={{ marginBottom: 8 }}
          data-testid={`${props.testId}-search`}
        />
        {body}
      </Drawer>
    </>
  );
}

/**
 * "联系的职工": the sending unit's employees living in the receiving community, phones masked,
 * marked by whether this appointment contacted them this quarter.
 */
export function EmployeePicker({ appointmentId, ...field }: FieldProps & { appointmentId: number }) {
  const { t } = useLocale();
  return (
    <LookupPicker<AppointmentEmployee>
      {...field}
      endpoint={`/appointments/${appointmentId}/employees`}
      title={t('log.pickEmployee')}
      searchPlaceholder={t('log.searchEmployee')}
      empty={t('log.noEmployees')}
      describe={(e) => [e.phone, e.areaLabel].filter(Boolean).join(' · ')}
      done={(e) => e.contactedThisQuarter}
      last={(e) => e.lastContactedAt}
      doneLabel={t('log.contactedThisQuarter')}
      todoLabel={t('log.notContactedThisQuarter')}
      testId="pick-employee"
    />
  );
}

/**
 * "走访对象": the units (or two-new organisations) of the receiving community, marked by whether
 * this appointment visited them this quarter.
 */
export function VisitTargetPicker({
  appointmentId,
  type,
  ...field
}: FieldProps & { appointmentId: number; type: VisitTargetUnitKind }) {
  const { t } = useLocale();
  const unitTypes = useDict('unit_type');
  return (
    <LookupPicker<VisitTarget>
      {...field}
      endpoint={`/appointments/${appointmentId}/visit-targets`}
      query={{ type }}
      title={t(type === 'two_new_org' ? 'log.pickTwoNew' : 'log.pickUnit')}
      searchPlaceholder={t('log.searchUnit')}
      empty={t('log.noTargets')}
      describe={(u) => [unitTypes.label(u.type), u.address ?? u.areaLabel].filter(Boolean).join(' · ')}
      done={(u) => u.visitedThisQuarter}
      last={(u) => u.lastVisitedAt}
      doneLabel={t('log.visitedThisQuarter')}
      todoLabel={t('log.notVisitedThisQuarter')}
      testId="pick-target"
    />
  );
}
