import { CheckCircleOutlined } from '@ant-design/icons';
import { type Todo, todoApi } from '@gongjian/common';
import { Alert, Badge, Button, Card, List, Skeleton, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { call } from '#web/api/call.ts';
import { useLocale } from '#web/i18n/locale.tsx';

/**
 * 待办: what waits for the signed-in account, from `GET /api/todos`. Each count is the total of
 * the list its button opens (the server counts through that list's own search), so a secretary
 * who clicks "去确认 3" finds exactly three logs there.
 */
export function TodoList() {
  const { t, label, locale } = useLocale();
  const navigate = useNavigate();
  const [items, setItems] = useState<Todo[] | null | 'failed'>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: titles come back in the new language
  useEffect(() => {
    let live = true;
    call(todoApi.list)
      .then((r) => live && setItems(r.data))
      .catch(() => live && setItems('failed'));
    return () => {
      live = false;
    };
  }, [locale]);
  let body: ReactNode;
  if (items === null) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (items === 'failed') body = <Alert type="warning" showIcon title={t('home.todosFailed')} />;
  else if (items.length === 0)
    body = (
      <Space>
        <CheckCircleOutlined style={{ color: '#389e0d' }} />
        <Typography.Text type="secondary">{t('home.noTodos')}</Typography.Text>
      </Space>
    );
  else
    body = (
      <List
        size="small"
        dataSource={items}
        renderItem={(item) => (
          <List.Item
            data-testid={`todo-${item.kind}`}
            actions={[
              <Button key="go" type="primary" size="small" onClick={() => navigate(item.link)}>
                {label(item.action)}
              </Button>,
            ]}
          >
            <Space>
              <Badge count={item.count} overflowCount={999} />
              <Typography.Text>{label(item.title)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    );
  return (
    <Card size="small" title={t('home.todos')} className="gj-todos">
      {body}
    </Card>
  );
}
