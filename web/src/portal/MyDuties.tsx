import { type ComplianceBoard, type DutyEvaluation, dutyFigure, progressPercent } from '@gongjian/common';
import { Alert, Card, Collapse, Empty, Progress, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, explain } from '#web/api/client.ts';
import { atForPeriod, parsePeriodKey, todayLocal } from '#web/cadres/compliance/periods.ts';
import { DutyStatusTag, STATUS_BOX } from '#web/cadres/compliance/status.tsx';
import { useLocale } from '#web/i18n/locale.tsx';

/** The period to show a duty by: the one a link names, else the one running today, else the last. */
function focusOf(evaluations: DutyEvaluation[], periodKey: string | null): DutyEvaluation | undefined {
  if (periodKey) {
    const named = evaluations.find((e) => e.periodKey === periodKey);
    if (named) return named;
  }
  const now = Date.now();
  return (
    evaluations.find(
      (e) => Date.parse(e.windowStart) <= now && (e.windowEnd === null || Date.parse(e.windowEnd) > now),
    ) ?? evaluations.at(-1)
  );
}

/**
 * 我的职责: the appointee's own duties this quarter (GET /api/compliance/mine), each with its
 * traffic light, progress and the engine's explanation of what is missing. A reminder's link
 * (`?appointmentId=&rule=&period=`) opens on that duty and period, even a past one.
 */
export function MyDuties() {
  const { t, locale, label } = useLocale();
  const [params] = useSearchParams();
  const linkedAppointment = Number(params.get('appointmentId')) || null;
  const linkedRule = params.get('rule');
  const linkedPeriod = params.get('period');
  const [board, setBoard] = useState<ComplianceBoard | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A linked past period is judged as it closed; the current quarter otherwise.
  const at = useMemo(() => {
    const span = linkedPeriod ? parsePeriodKey(linkedPeriod) : null;
    return span && span.period !== 'term' ? atForPeriod(span, todayLocal()) : undefined;
  }, [linkedPeriod]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => {
    let live = true;
    setBoard(null);
    api
      .get<ComplianceBoard>('/compliance/mine', at ? { period: 'quarter', at } : { period: 'quarter' })
      .then((b) => {
        if (!live) return;
        setBoard(b);
        setError(null);
      })
      .catch((e: unknown) => live && setError(explain(e)));
    return () => {
      live = false;
    };
  }, [at, locale]);

  const linkedKey = linkedAppointment && linkedRule ? `${linkedAppointment}:${linkedRule}` : null;
  useEffect(() => {
    if (!board || !linkedKey) return;
    document.querySelector(`[data-duty="${linkedKey}"]`)?.scrollIntoView({ block: 'center' });
  }, [board, linkedKey]);

  const rows = board?.rows.filter((r) => r.duties.length > 0) ?? [];
  return (
    <Card
      title={t('my.duties')}
      size="small"
      extra={
        board ? (
          <Typography.Text type="secondary">
            {board.from} ~ {board.to}
          </Typography.Text>
        ) : null
      }
      data-testid="my-duties"
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {board === null && !error ? <Skeleton active /> : null}
      {board && rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.noDuties')} />
      ) : null}
      {rows.map((row) => (
        <div key={row.appointmentId} style={{ marginBottom: 12 }}>
          {rows.length > 1 ? (
            <Typography.Text strong>
              {locale === 'en' ? row.kindNameEn : row.kindNameZh} · {row.receivingOrgName}
            </Typography.Text>
          ) : null}
          <Collapse
            size="small"
            defaultActiveKey={linkedKey ? [linkedKey] : []}
            items={row.duties.map((duty) => {
              const key = `${row.appointmentId}:${duty.ruleCode}`;
              const linked = key === linkedKey;
              const focus = focusOf(duty.evaluations, linked ? linkedPeriod : null);
              const box = focus ? STATUS_BOX[focus.status] : null;
              return {
                key,
                label: (
                  <div data-duty={key} style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span>{focus ? label(focus.ruleName) : duty.ruleCode}</span>
                    <DutyStatusTag
                      status={focus?.status ?? duty.status}
                      suffix={focus ? `${focus.progress.actual}/${focus.progress.required}` : undefined}
                    />
                  </div>
                ),
                style: linked ? { outline: '2px solid #faad14' } : undefined,
                children: focus ? (
                  <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                    <div
                      style={{
                        background: box?.bg,
                        border: `1px solid ${box?.border}`,
                        borderRadius: 6,
                        padding: '6px 10px',
                      }}
                      data-testid="my-duty-explanation"
                    >
                      <Typography.Text type="secondary">{label(focus.periodLabel)}</Typography.Text>
                      <div>{label(focus.explanation)}</div>
                    </div>
                    <Progress
                      percent={progressPercent(focus.progress, focus.status)}
                      strokeColor={box?.bar}
                      size="small"
                    />
                    {duty.evaluations.length > 1 ? (
                      <Typography.Text type="secondary" data-testid="my-duty-figure">
                        {label(dutyFigure(duty.evaluations))}
                      </Typography.Text>
                    ) : null}
                  </Space>
                ) : null,
              };
            })}
          />
        </div>
      ))}
    </Card>
  );
}
