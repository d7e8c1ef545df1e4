import {
  AREA_CHILD_LEVELS,
  AREA_LEVEL_LABELS,
  AREA_LEVELS,
  type Area,
  type AreaLevel,
  type AreaTreeNode,
  areaApi,
  areaCreate,
  areaListQuery,
  areaUpdate,
  type ResponseOf,
} from '@gongjian/common';
import type { TreeDataNode, TreeProps } from 'antd';
import {
  App,
  AutoComplete,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Input,
  Space,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAccess } from '#web/AccessContext.tsx';
import { call } from '#web/api/call.ts';
import { explain } from '#web/api/client.ts';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useOpeningFilters } from '#web/components/openingFilters.ts';
import { useLocale } from '#web/i18n/locale.tsx';

type Key = number | 'root';

/** A node with its ancestors, as `GET /areas/:id` answers. */
type AreaDetail = ResponseOf<typeof areaApi.get>;

/**
 * 行政区划: the tree on the left (loaded a level at a time, drag a node onto another to move it,
 * the server's refusal shown when it says no), the selected node and its children on the right.
 */
export default function AreasPage() {
  const { t, label } = useLocale();
  const access = useAccess();
  const { modal, message } = App.useApp();
  const [children, setChildren] = useState<Map<Key, AreaTreeNode[]>>(new Map());
  const [expanded, setExpanded] = useState<number[]>([]);
  const [selected, setSelected] = useState<AreaDetail | null>(null);
  const [loadingTree, setLoadingTree] = useState(true);
  const [tick, setTick] = useState(0);
  // Opened from a figure (区划节点分布 on the home page): the nodes it counted, as one flat list.
  const opening = useOpeningFilters(areaListQuery);
  const matching = Object.keys(opening).length > 0;

  const fetchChildren = useCallback(async (key: Key) => {
    if (key === 'root') return (await call(areaApi.tree, { query: { depth: 1 } })).data;
    const r = await call(areaApi.tree, { query: { rootId: key, depth: 2 } });
    return r.data[0]?.children ?? [];
  }, []);

  const loadInto = useCallback(
    async (keys: Key[]) => {
      const loaded = await Promise.all(keys.map(async (k) => [k, await fetchChildren(k)] as const));
      setChildren((prev) => {
        const next = new Map(prev);
        for (const [k, list] of loaded) next.set(k, list);
        return next;
      });
      return loaded;
    },
    [fetchChildren],
  );

  const select = useCallback(async (id: number) => {
    setSelected(await call(areaApi.get, { params: { id } }));
  }, []);

  // First load: the scope's roots, the first one opened and selected.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [[, roots]] = (await loadInto(['root'])) as [[Key, AreaTreeNode[]]];
        const first = roots[0];
        if (first && live) {
          await loadInto([first.id]);
          setExpanded([first.id]);
          await select(first.id);
        }
      } finally {
        if (live) setLoadingTree(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [loadInto, select]);

  /** Re-read every loaded level and the selected node after a change. */
  const refresh = useCallback(async () => {
    await loadInto([...children.keys()]);
    if (selected) {
      try {
        await select(selected.id);
      } catch {
        setSelected(null);
      }
    }
    setTick((n) => n + 1);
  }, [children, loadInto, select, selected]);

  const treeData = useMemo(() => {
    const build = (list: AreaTreeNode[]): TreeDataNode[] =>
      list.map((n) => {
        const kids = children.get(n.id);
        return {
          key: n.id,
          title: (
            <span>
              {n.name}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {label(AREA_LEVEL_LABELS[n.level])}
              </Typography.Text>
            </span>
          ),
          // Known leaves only: a level that takes no children, or a node loaded and found empty.
          isLeaf: AREA_CHILD_LEVELS[n.level].length === 0 || kids?.length === 0,
          children: kids ? build(kids) : undefined,
        };
      });
    return build(children.get('root') ?? []);
  }, [children, label]);

  const nameOf = useCallback(
    (id: number): string => {
      for (const list of children.values()) {
        const hit = list.find((n) => n.id === id);
        if (hit) return hit.name;
      }
      return String(id);
    },
    [children],
  );

  const hovered = useRef<number | null>(null);
  const onDragEnter: TreeProps['onDragEnter'] = (info) => {
    hovered.current = Number(info.node.key);
  };

  const onDrop: TreeProps['onDrop'] = (info) => {
    const dragId = Number(info.dragNode.key);
    // antd resolves the drop node from the pointer's horizontal drift (one level up or down);
    // the node actually under the pointer, recorded on drag-enter, is what the user aimed at.
    const targetId = hovered.current ?? Number(info.node.key);
    hovered.current = null;
    // The node dropped on becomes the new parent, wherever on it the pointer lands: sibling order
    // is the `sort` field, so "drop beside" would only ever mean "same parent" here.
    const parentId: number | null = targetId;
    if (parentId === null || parentId === dragId) return;
    // Reordering among siblings is not a move: the order is the `sort` field, edited in the form.
    const currentParent = [...children].find(([, list]) => list.some((n) => n.id === dragId))?.[0];
    if (currentParent === parentId) return;
    const to = parentId;
    modal.confirm({
      title: t('areas.moveConfirm', { a: nameOf(dragId), b: nameOf(to) }),
      okText: t('list.ok'),
      cancelText: t('list.cancel'),
      onOk: async () => {
        try {
          await call(areaApi.move, { params: { id: dragId }, body: { parentId: to } });
          message.success(t('areas.moved'));
          if (!expanded.includes(to)) setExpanded((e) => [...e, to]);
          await loadInto([to]);
          await refresh();
        } catch (e) {
          modal.error({ title: t('areas.moveRefused'), content: explain(e) });
        }
      },
    });
  };

  const levelOptions = (levels: readonly AreaLevel[]) =>
    levels.map((l) => ({ value: l, label: label(AREA_LEVEL_LABELS[l]) }));

  const fields: Field<Area>[] = [
    { key: 'name', title: t('f.name'), input: { kind: 'text' } },
    { key: 'code', title: t('f.code'), input: { kind: 'text' } },
    {
      key: 'level',
      title: t('f.level'),
      render: (r) => <Tag>{label(AREA_LEVEL_LABELS[r.level])}</Tag>,
      input: {
        kind: 'select',
        options: levelOptions(selected ? AREA_CHILD_LEVELS[selected.level] : ['district']),
      },
      filter: { kind: 'select', options: levelOptions(AREA_LEVELS) },
      on: 'create',
    },
    {
      key: 'sort',
      title: t('f.sort'),
      input: { kind: 'number', min: 0 },
      column: { width: 80, hidden: true },
    },
    { key: 'note', title: t('f.note'), input: { kind: 'textarea' }, column: { ellipsis: true } },
    { key: 'path', title: t('f.path'), column: false },
    {
      key: 'updatedAt',
      title: t('f.updatedAt'),
      render: (r) => new Date(r.updatedAt).toLocaleString(),
      column: { hidden: true },
    },
  ];

  /**
   * The path to the selected node. Nodes above the caller's own scope (the tree's roots) are
   * named but not links: the caller may not open them.
   */
  const breadcrumb = (node: AreaDetail) => {
    const path = [...node.ancestors, node];
    const roots = new Set((children.get('root') ?? []).map((n) => n.id));
    const firstInScope = path.findIndex((a) => roots.has(a.id));
    return path.map((a, i) => ({
      title:
        firstInScope >= 0 && i < firstInScope ? (
          <span data-testid="crumb-outside">{a.name}</span>
        ) : (
          <a onClick={() => void select(a.id)} href={`#area-${a.id}`}>
            {a.name}
          </a>
        ),
    }));
  };

  const childLevels = selected ? AREA_CHILD_LEVELS[selected.level] : [];
  const canAddChild = selected?.actions.includes('addChild') ?? false;

  return (
    <div className="gj-areas">
      <Card
        className="gj-tree-card"
        size="small"
        title={t('areas.treeTitle')}
        extra={<AreaSearch onPick={(id) => void select(id)} />}
      >
        {loadingTree ? (
          <div style={{ padding: 32, textAlign: 'center' }}>
            <Spin />
          </div>
        ) : treeData.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('areas.dragHint')}
            </Typography.Paragraph>
            <Tree
              blockNode
              showLine
              draggable={{ icon: false }}
              treeData={treeData}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys.map(Number))}
              selectedKeys={selected ? [selected.id] : []}
              onSelect={(keys) => keys[0] !== undefined && void select(Number(keys[0]))}
              loadData={async (node) => {
                await loadInto([Number(node.key)]);
              }}
              onDragEnter={onDragEnter}
              onDrop={onDrop}
            />
          </>
        )}
      </Card>
      <div style={{ minWidth: 0 }}>
        {matching ? (
          <div style={{ marginBottom: 12 }}>
            <ListPage<Area>
              id="areas-matching"
              title={t('areas.matching')}
              thing={t('areas.thing')}
              endpoint="/areas"
              initialFilters={opening}
              fields={fields}
              nameOf={(r) => r.name}
              updateSchema={areaUpdate}
              onChanged={() => void refresh()}
              rowActions={(r) => (
                <Button type="link" size="small" onClick={() => void select(r.id)}>
                  {t('areas.children')}
                </Button>
              )}
            />
          </div>
        ) : null}
        {selected ? (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small">
              <Breadcrumb items={breadcrumb(selected)} />
              <Typography.Title level={4} style={{ margin: '8px 0 4px' }}>
                {selected.name} <Tag color="red">{label(AREA_LEVEL_LABELS[selected.level])}</Tag>
              </Typography.Title>
              <Typography.Text type="secondary">
                {t('f.code')}：{selected.code}
                {selected.note ? ` · ${selected.note}` : ''}
              </Typography.Text>
            </Card>
            <ListPage<Area>
              key={`${selected.id}-${tick}`}
              id="areas-children"
              title={`${t('areas.children')} · ${selected.name}`}
              thing={t('areas.thing')}
              api={areaApi}
              baseQuery={{ parentId: selected.id }}
              fields={fields}
              nameOf={(r) => r.name}
              createSchema={areaCreate}
              canCreate={canAddChild && childLevels.length > 0}
              createDefaults={{ level: childLevels[0], sort: 0 }}
              createFixed={{ parentId: selected.id }}
              updateSchema={areaUpdate}
              onChanged={() => void refresh()}
              toolbar={(list) => <ExportButton list="areas" filters={list.filters} />}
              rowActions={(r) =>
                AREA_CHILD_LEVELS[r.level].length ? (
                  <Button type="link" size="small" onClick={() => void select(r.id)}>
                    {t('areas.children')}
                  </Button>
                ) : null
              }
            />
          </Space>
        ) : (
          <Card>
            <Empty description={t('areas.selectHint')} />
          </Card>
        )}
        {access.createRootArea ? (
          <div style={{ marginTop: 12 }}>
            <RootCreate onCreated={() => void refresh()} />
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** Find a node anywhere in scope by name or code and jump to it. */
function AreaSearch({ onPick }: { onPick: (id: number) => void }) {
  const { t, label } = useLocale();
  const [options, setOptions] = useState<{ value: string; label: string; id: number }[]>([]);
  const search = async (q: string) => {
    if (!q.trim()) return setOptions([]);
    const r = await call(areaApi.list, { query: { q, pageSize: 20 } });
    setOptions(
      r.data.map((a) => ({
        value: `${a.id}`,
        id: a.id,
        label: `${a.name}（${label(AREA_LEVEL_LABELS[a.level])}）`,
      })),
    );
  };
  return (
    <AutoComplete
      options={options}
      onSearch={(q) => void search(q).catch(() => setOptions([]))}
      onSelect={(v: string) => onPick(Number(v))}
      style={{ width: 180 }}
    >
      <Input.Search size="small" placeholder={t('list.keyword')} allowClear />
    </AutoComplete>
  );
}

/** The platform admin's list of districts, where a new top-level node is added. */
function RootCreate({ onCreated }: { onCreated: () => void }) {
  const { t } = useLocale();
  const fields: Field<Area>[] = [
    { key: 'name', title: t('f.name'), input: { kind: 'text' } },
    { key: 'code', title: t('f.code'), input: { kind: 'text' } },
    { key: 'note', title: t('f.note'), input: { kind: 'textarea' } },
  ];
  return (
    <ListPage<Area>
      id="areas-roots"
      title={t('areas.addRoot')}
      thing={t('areas.thing')}
      api={areaApi}
      baseQuery={{ level: 'district' }}
      fields={fields}
      nameOf={(r) => r.name}
      createSchema={areaCreate}
      createFixed={{ parentId: null, level: 'district' }}
      updateSchema={areaUpdate}
      onChanged={onCreated}
    />
  );
}
