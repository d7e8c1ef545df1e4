import {
  AREA_CHILD_LEVELS,
  AREA_LEVEL_LABELS,
  type AreaLevel,
  type AreaTreeNode,
  areaApi,
} from '@gongjian/common';
import { TreeSelect } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { call } from '#web/api/call.ts';
import { useLocale } from '#web/i18n/locale.tsx';

interface Node {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
  level: AreaLevel;
}

interface Props {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Only nodes of these levels can be picked (others still open to reach their children). */
  levels?: readonly AreaLevel[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
}

/**
 * Pick a node of the administrative tree, loading one level at a time (a district holds tens of
 * thousands of nodes). The scope's own node is the root, as the server answers /areas/tree.
 */
export function AreaPicker({ value, onChange, levels, placeholder, allowClear = true, id, style }: Props) {
  const { label, t } = useLocale();
  const [nodes, setNodes] = useState<Map<number, Node>>(new Map());

  const toNode = useCallback(
    (n: Pick<AreaTreeNode, 'id' | 'parentId' | 'name' | 'level' | 'childCount'>): Node => ({
      id: n.id,
      pId: n.parentId,
      value: n.id,
      title: `${n.name}（${label(AREA_LEVEL_LABELS[n.level])}）`,
      // The level decides, not childCount: a level that takes children may still be opened.
      isLeaf: AREA_CHILD_LEVELS[n.level].length === 0,
      selectable: !levels || levels.includes(n.level),
      level: n.level,
    }),
    [label, levels],
  );

  const merge = useCallback((list: Node[]) => {
    setNodes((prev) => {
      const next = new Map(prev);
      for (const n of list) next.set(n.id, n);
      return next;
    });
  }, []);

  const flatten = useCallback(
    (forest: AreaTreeNode[]): Node[] =>
      forest.flatMap((n) => [toNode(n), ...(n.children ? flatten(n.children) : [])]),
    [toNode],
  );

  useEffect(() => {
    let live = true;
    call(areaApi.tree, { query: { depth: 2 } })
      .then((r) => live && merge(flatten(r.data)))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [flatten, merge]);

  // A value set from a record (edit form) may sit deeper than what is loaded: fetch its label.
  useEffect(() => {
    if (!value || nodes.has(value)) return;
    let live = true;
    call(areaApi.get, { params: { id: value } })
      .then((a) => live && merge([toNode(a)]))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [value, nodes, merge, toNode]);

  const loadData = async (node: { value?: unknown }) => {
    const parentId = Number(node.value);
    const r = await call(areaApi.tree, { query: { rootId: parentId, depth: 2 } });
    merge(flatten(r.data));
  };

  const treeData = [...nodes.values()].map((n) => ({
    ...n,
    // A loaded leaf whose parent is missing shows as a root until the parent loads.
    pId: n.pId !== null && nodes.has(n.pId) ? n.pId : 0,
  }));

  return (
    <TreeSelect
      id={id}
      style={{ width: '100%', ...style }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v === undefined ? null : Number(v))}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={treeData}
      loadData={loadData}
      showSearch
      treeNodeFilterProp="title"
      allowClear={allowClear}
      placeholder={placeholder ?? t('list.selectPlaceholder')}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
    />
  );
}
