import type { ComplianceBoard, DutyEvaluation, DutyStatus } from '@gongjian/common';
import { DotLoading } from 'antd-mobile';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, explain } from '#web/api/client.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { spanText } from './dates';
import { PhoneTodos } from './PhoneTodos';

// The posts, the full duty list, exemptions and logs use antd; they load under the summary, so the
// phone paints what needs doing first (bench/portal-js.ts measures the summary's own load).
const AntdProviders = lazy(() => import('#web/layout/AntdProviders.tsx'));
const MyDutyDetails = lazy(() => import('./MyDutyDetails'));

/** The verdicts that ask for something, worst first. */
const URGENT: readonly DutyStatus[] = ['missed', 'at_risk'];
const COLOURS: Partial<Record<DutyStatus, { fg: string; bg: string; border: string }>> = {
  missed: { fg: '#cf1322', bg: '#fff1f0', border: '#ffa39e' },
  at_risk: { fg: '#ad6800', bg: '#fffbe6', border: '#ffe58f' },
};

interface Urgent {
  key: string;
  appointmentId: number;
  post: string;
  evaluation: DutyEvaluation;
}

/** The period running now, else the last one judged: the one whose verdict asks for action. */
function currentOf(evaluations: readonly DutyEvaluation[], now: number): DutyEvaluation | undefined {
  return (
    evaluations.find(
      (e) => Date.parse(e.windowStart) <= now && (e.windowEnd === null || Date.parse(e.windowEnd) > now),
    ) ?? evaluations.at(-1)
  );
}

/**
 * 需要关注: the duties of this quarter that are missed or at risk, worst first, each with what is
 * missing and the days of its period; one tap opens it in the full list below.
 */
function UrgentDuties() {
  const { t, locale, label } = useLocale();
  const navigate = useNavigate();
  const [urgent, setUrgent] = useState<Urgent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Re-read in the new language (locale is also read inside, for the post's name).
  useEffect(() => {
    let live = true;
    api
      .get<ComplianceBoard>('/compliance/mine', { period: 'quarter' })
      .then((b) => {
        if (!live) return;
        const now = Date.now();
        const found = b.rows.flatMap((row) =>
          row.duties.flatMap((d) => {
            const e = currentOf(d.evaluations, now);
            return e && URGENT.includes(e.status)
              ? [
                  {
                    key: `${row.appointmentId}:${d.ruleCode}`,
                    appointmentId: row.appointmentId,
                    post: `${locale === 'en' ? row.kindNameEn : row.kindNameZh} · ${row.receivingOrgName}`,
                    evaluation: e,
                  },
                ]
              : [];
          }),
        );
        found.sort((a, b) => URGENT.indexOf(a.evaluation.status) - URGENT.indexOf(b.evaluation.status));
        setUrgent(found);
      })
      .catch((e: unknown) => live && setError(explain(e)));
    return () => {
      live = false;
    };
  }, [locale]);

  const posts = new Set(urgent?.map((u) => u.appointmentId));
  return (
    <section className="gj-card" data-testid="urgent-duties">
      <h2 className="gj-card-title">{t('phone.urgent')}</h2>
      {error ? <div className="gj-muted">{error}</div> : null}
      {urgent === null && !error ? <DotLoading color="primary" /> : null}
      {urgent?.length === 0 ? <div className="gj-muted">{t('phone.nothingUrgent')}</div> : null}
      {urgent?.map((u) => {
        const e = u.evaluation;
        const c = COLOURS[e.status];
        return (
          <button
            key={u.key}
            type="button"
            className="gj-urgent"
            data-testid="urgent-duty"
            data-status={e.status}
            style={{ background: c?.bg, borderColor: c?.border }}
            onClick={() =>
              navigate(
                `/my-duty?appointmentId=${u.appointmentId}&rule=${encodeURIComponent(e.ruleCode)}&period=${encodeURIComponent(e.periodKey)}`,
              )
            }
          >
            <span className="gj-urgent-head">
              <span>{label(e.ruleName)}</span>
              <span style={{ color: c?.fg, whiteSpace: 'nowrap' }}>
                {t(`cmp.status.${e.status}`)} · {e.progress.actual}/{e.progress.required}
              </span>
            </span>
            <span className="gj-urgent-meta" style={{ display: 'block' }}>
              {spanText(e.windowStart, e.windowEnd, locale)}
              {posts.size > 1 ? ` · ${u.post}` : ''}
            </span>
            <span className="gj-urgent-meta" style={{ display: 'block' }}>
              {label(e.explanation)}
            </span>
          </button>
        );
      })}
    </section>
  );
}

/**
 * 我的任职: what needs doing first (the duties missed or at risk), then the appointee's posts,
 * every duty with its traffic light, exemption requests and work logs. An appointee lands here.
 */
export default function MyDutyPage() {
  return (
    <div className="gj-phone">
      {/* Other kinds of 待办 first (the duties at risk are this page's own list below). */}
      <PhoneTodos quiet />
      <UrgentDuties />
      <Suspense
        fallback={
          <div className="gj-shell-wait">
            <DotLoading color="primary" />
          </div>
        }
      >
        <AntdProviders phone>
          <MyDutyDetails />
        </AntdProviders>
      </Suspense>
    </div>
  );
}
