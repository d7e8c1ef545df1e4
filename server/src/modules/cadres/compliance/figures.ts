import {
  dutyExemptionListQuery,
  EXEMPTION_REASON_KIND_LABELS,
  EXEMPTION_REASON_KINDS,
  type ExemptionReasonKind,
} from '@gongjian/common';
import { drillTo, type FigureList, figure } from '#server/catalogue/figure.ts';
import { canUseAppointments } from '#server/modules/cadres/appointments/policy.ts';
import { countExemptionsByReason } from './queries.ts';
import { exemptionFilterOf } from './service.ts';

const EXEMPTIONS: FigureList = { path: '/exemptions', api: '/api/duty-exemptions' };

export const exemptionFigures = [
  figure({
    code: 'exemptions.byReason',
    title: { 'zh-CN': '请假免责按事由', en: 'Exemptions by reason' },
    query: dutyExemptionListQuery.pick({ within: true, status: true, appointmentId: true }),
    list: EXEMPTIONS,
    readableBy: canUseAppointments,
    async compute(ctx, q) {
      const rows = await countExemptionsByReason(ctx.db, await exemptionFilterOf(ctx, q));
      const order = (k: string) => EXEMPTION_REASON_KINDS.indexOf(k as ExemptionReasonKind);
      return rows
        .sort((a, b) => order(a.key) - order(b.key))
        .map((r) => ({
          key: r.key,
          label: EXEMPTION_REASON_KIND_LABELS[r.key as ExemptionReasonKind],
          value: r.n,
          drill: drillTo(EXEMPTIONS, { ...q, reasonKind: r.key }),
        }));
    },
  }),
];
