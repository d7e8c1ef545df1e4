import {
  ACTION_CATEGORIES,
  type ActionCategory,
  type ActivityRole,
  type ActivityType,
  type ExemptionReasonKind,
  type ExemptionStatus,
  type ProgrammeCondition,
  SYSTEM_DICTIONARIES,
  type VisitTargetType,
  type WorkLogKind,
  type WorkLogStatus,
} from '@gongjian/common';
import { periodKey } from '#server/rules/calendar/civil.ts';
import type { DemoBuilder } from './builder.ts';
import { Rng } from './random.ts';

/*
 * Appointments and their work logs for the demo, relative to the day the demo is generated, so
 * the compliance board looks live whenever the demo is loaded: Changxing's 15 second secretaries
 * (one programme, two batches), Huangpi's first secretaries, Hongqiao's cross-appointments, and
 * the current and previous quarter of their work logs.
 */

/** A work programme (工作方案); `kind` is a built-in appointment kind code. */
export interface DemoProgramme {
  area: number;
  kind: string;
  year: number;
  title: string;
  scopeText: string;
  conditionsText: string;
  /** The structured conditions the qualification check evaluates (the text above, as rules). */
  conditions: ProgrammeCondition[];
  procedureText: string;
  dutiesText: string;
  assessmentText: string;
}

/**
 * An appointed selection batch, with the day of each step it passed through (nominated on
 * `batchDate`, checked, reviewed by `reviewer`, noticed, appointed). Timestamps are ISO strings
 * with +08:00.
 */
export interface DemoBatch {
  programme: number;
  area: number;
  title: string;
  batchDate: string;
  checkedAt: string;
  /** The account (username) that approved the candidates, and when. */
  reviewer: string;
  reviewedAt: string;
  noticeStart: string;
  noticeEnd: string;
  appointedAt: string;
  termStart: string;
}

/**
 * A candidate of a batch, approved with `reviewComment` and appointed as `appointment`. Its
 * qualification results are not written here: the loader has the check evaluate them on the
 * stored member record, as the check itself would.
 */
export interface DemoCandidate {
  batch: number;
  member: number;
  sendingUnit: number | null;
  receivingOrg: number;
  reviewComment: string;
  appointment: number;
}

/** An active appointment. */
export interface DemoAppointment {
  kind: string;
  member: number;
  sendingUnit: number | null;
  receivingOrg: number;
  area: number;
  post: string | null;
  termStart: string;
  termEnd: string | null;
  batch: number | null;
  note: string | null;
}

/** A work log; accounts are by username, timestamps ISO strings with +08:00. */
export interface DemoWorkLog {
  appointment: number;
  area: number;
  kind: WorkLogKind;
  occurredAt: string;
  place: string | null;
  withWhom: string | null;
  content: string;
  hours: number | null;
  targetType: VisitTargetType | null;
  targetUnit: number | null;
  householdAddress: string | null;
  asked: string | null;
  noted: string | null;
  demandCategories: string[];
  subjectMember: number | null;
  activityType: ActivityType | null;
  activityRole: ActivityRole | null;
  actionCategory: ActionCategory | null;
  reportYear: number | null;
  status: WorkLogStatus;
  recordedBy: string;
  recordedByName: string;
  recordedByRole: string;
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  createdAt: string;
}

/** An exemption request (请假免责); accounts by username, timestamps ISO with +08:00. */
export interface DemoExemption {
  appointment: number;
  area: number;
  ruleCode: string;
  periodKey: string;
  reasonKind: ExemptionReasonKind;
  reason: string;
  status: ExemptionStatus;
  requestedBy: string;
  requestedByName: string;
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  createdAt: string;
}

/** Everything about appointments the demo holds. */
export interface DemoAppointments {
  programmes: DemoProgramme[];
  batches: DemoBatch[];
  candidates: DemoCandidate[];
  appointments: DemoAppointment[];
  workLogs: DemoWorkLog[];
  exemptions: DemoExemption[];
}

/** Who the case builders picked, by forced-member key. */
export interface AppointmentCast {
  town: number;
  secretaries: readonly { key: string; unit: number; community: number; org: number }[];
  huangpi: number;
  firstSecretaries: readonly { key: string; unit: number; community: number; org: number }[];
  hongqiao: number;
  crossAppointees: readonly { key: string; unit: number | null; org: number; post: string }[];
}

// ── Civil days (days since 1970-01-01) ───────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const toDay = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / DAY_MS);
const fmt = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: number) => {
  const t = new Date(d * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), day: t.getUTCDate() };
};
const dayOf = (y: number, m: number, day = 1) => Math.round(Date.UTC(y, m, day) / DAY_MS);
/** The same day `months` later, clamped to the month's end. */
function addMonths(d: number, months: number): number {
  const { y, m, day } = ymd(d);
  const last = ymd(dayOf(y, m + months + 1, 0)).day;
  return dayOf(y, m + months, Math.min(day, last));
}
const monthStart = (d: number) => dayOf(ymd(d).y, ymd(d).m);
const quarterStart = (d: number) => dayOf(ymd(d).y, Math.floor(ymd(d).m / 3) * 3);
/** Monday of the ISO week (1970-01-01 was a Thursday). */
const weekStart = (d: number) => d - ((d + 3) % 7);
/** A China Standard Time instant on a civil day. */
const stamp = (d: number, hour: number, minute: number) => `${fmt(d)}T${pad(hour)}:${pad(minute)}:00+08:00`;

/** Consecutive spans [start, end) stepping by `next`, clipped to [from, to]. */
function spans(from: number, to: number, first: (d: number) => number, next: (d: number) => number) {
  const out: { start: number; end: number; open: number }[] = [];
  for (let s = first(from); s <= to; s = next(s)) {
    const start = Math.max(s, from);
    const end = Math.min(next(s) - 1, to);
    if (start <= end) out.push({ start, end, open: s });
  }
  return out;
}

const DEMANDS = SYSTEM_DICTIONARIES.demand_category.items.map(([code]) => code);
const ASKED = ['家庭近况和困难', '对社区工作的意见', '就业和子女入学', '看病就医', '邻里关系和居住环境'];
const NOTED = [
  '老人独居需定期探望',
  '楼道照明损坏待修',
  '希望增设便民服务点',
  '孩子托管有需求',
  '反映停车难',
];
const ACTION_TEXT: Record<ActionCategory, string> = {
  warm_care: '走访慰问困难党员和独居老人',
  relief: '协调解决居民反映的实际困难',
  home_building: '组织职工志愿者参与环境整治',
  self_governance: '参加居民议事会，推动议题协商',
  building_group: '指导楼组党小组开展星级楼组创建',
};

/**
 * Appointments and work logs for the demo as of `today` (YYYY-MM-DD, Asia/Shanghai). Logs lie in
 * the current and previous quarter, within each term, and end yesterday: nothing is in the future.
 */
export function generateAppointments(b: DemoBuilder, cast: AppointmentCast, today: string): DemoAppointments {
  const rng = Rng.from(`appointments:${today}`);
  const now = toDay(today);
  const yesterday = now - 1;
  const from = addMonths(quarterStart(now), -3);
  const out: DemoAppointments = {
    programmes: [],
    batches: [],
    candidates: [],
    appointments: [],
    workLogs: [],
    exemptions: [],
  };
  const account = (username: string) => {
    const a = b.data.accounts.find((x) => x.username === username);
    if (!a) throw new Error(`demo account ${username} missing`);
    return a;
  };

  // Areas → their community, for the sending unit's employees living in a receiving community.
  const communityOf = b.data.areas.map(() => -1);
  b.data.areas.forEach((a, i) => {
    communityOf[i] = a.level === 'community' ? i : a.parent === null ? -1 : (communityOf[a.parent] ?? -1);
  });
  const under = (area: number, root: number) => {
    for (let a: number | null = area; a !== null; a = b.areaAt(a).parent) if (a === root) return true;
    return false;
  };
  const homesIn = (community: number) => {
    const list: number[] = [];
    b.data.areas.forEach((a, i) => {
      if (a.level === 'building' && communityOf[i] === community) list.push(i);
    });
    return list.length ? list : [community];
  };
  const unitsIn = (root: number, twoNew: boolean) =>
    b.data.units
      .map((u, i) => ({ u, i }))
      .filter(({ u }) => under(u.area, root) && u.type.startsWith('two_new_') === twoNew)
      .map(({ i }) => i);

  // ── Changxing: one programme, two batches (8 + 7), terms from about five months ago ──────────
  const term1 = addMonths(now, -5);
  const term2 = term1 + 14;
  const year = ymd(term1).y;
  out.programmes.push({
    area: cast.town,
    kind: 'second_secretary',
    year,
    title: `长滨镇${year}年驻岛央企职工党员担任村居“第二书记”工作方案`,
    scopeText: '驻岛4家央企居住在全镇11个村居的在职职工党员',
    conditionsText: '中共党员，在职职工，居住在本镇村居，热心公益、群众认可',
    // What of the text a record can show; 热心公益、群众认可 is for the review to judge.
    conditions: [
      { type: 'is_party_member' },
      { type: 'category_in', categories: ['in_service'] },
      { type: 'employee_of_sending_unit' },
      { type: 'lives_in_receiving_community' },
    ],
    procedureText: '单位推荐、镇党委资格审查、征求村居意见、公示5个工作日、成熟一批任命一批',
    dutiesText:
      '“五个一”：每周联系一次村居、每月到村居工作一天、每季度联系全体职工、每年牵头一次党建联建活动、每年述职一次',
    assessmentText: '年度述职，由村居党组织评议，结果反馈派出单位',
  });
  cast.secretaries.forEach((s, k) => {
    const batch = k < 8 ? 0 : 1;
    if (k === 0 || k === 8) {
      const start = batch === 0 ? term1 : term2;
      out.batches.push({
        programme: 0,
        area: cast.town,
        title: `第${batch === 0 ? '一' : '二'}批“第二书记”（${batch === 0 ? 8 : 7}名）`,
        batchDate: fmt(start - 30),
        checkedAt: stamp(start - 26, 10, 30),
        // The town's committee approves after asking the communities, before the notice.
        reviewer: 'changxing',
        reviewedAt: stamp(start - 16, 16, 0),
        noticeStart: fmt(start - 12),
        noticeEnd: fmt(start - 6),
        appointedAt: stamp(start - 2, 15, 0),
        termStart: fmt(start),
      });
    }
    const member = b.member(s.key);
    const appointment = out.appointments.length;
    // The last one is being transferred by the SOE: the term ends in five days with this month's
    // and quarter's duties still open, so the board always has someone at risk.
    const leaving = k === cast.secretaries.length - 1;
    out.appointments.push({
      kind: 'second_secretary',
      member,
      sendingUnit: s.unit,
      receivingOrg: s.org,
      area: s.community,
      post: null,
      termStart: fmt(batch === 0 ? term1 : term2),
      termEnd: leaving ? fmt(now + 5) : null,
      batch,
      note: leaving ? '派出单位岗位调整，任期提前届满，接任人选已推荐' : null,
    });
    out.candidates.push({
      batch,
      member,
      sendingUnit: s.unit,
      receivingOrg: s.org,
      reviewComment: '征求村居党组织意见，同意选派',
      appointment,
    });
  });

  // ── Huangpi: department heads as first secretaries, 2-year terms from about a year ago ───────
  const fsStart = monthStart(addMonths(now, -12));
  for (const f of cast.firstSecretaries) {
    out.appointments.push({
      kind: 'first_secretary',
      member: b.member(f.key),
      sendingUnit: f.unit,
      receivingOrg: f.org,
      area: f.community,
      post: null,
      termStart: fmt(fsStart),
      termEnd: fmt(addMonths(fsStart, 24) - 1),
      batch: null,
      note: '区委组织部选派，任期2年',
    });
  }

  // ── Hongqiao: two cross-appointments, running for about 20 months ───────────────────────────
  const caStart = monthStart(addMonths(now, -20));
  for (const x of cast.crossAppointees) {
    const area = b.data.orgs[x.org]?.area;
    if (area === undefined) throw new Error('cross-appointment without an organisation');
    out.appointments.push({
      kind: 'cross_appointment',
      member: b.member(x.key),
      sendingUnit: x.unit,
      receivingOrg: x.org,
      area,
      post: x.post,
      termStart: fmt(caStart),
      termEnd: null,
      batch: null,
      note: null,
    });
  }

  // ── Work logs ────────────────────────────────────────────────────────────────────────────────
  const streetAccount = (area: number) =>
    under(area, cast.town) ? 'changxing' : under(area, cast.huangpi) ? 'huangpi' : 'hongqiao';
  const memberAccount = b.data.accounts.find((a) => a.role === 'member');
  const communityAdmins = new Map(
    b.data.accounts.filter((a) => a.role === 'community_admin' && a.area !== null).map((a) => [a.area, a]),
  );
  let rejected = false;

  out.appointments.forEach((ap, index) => {
    const start = Math.max(toDay(ap.termStart), from);
    if (start > yesterday) return;
    const community = communityOf[ap.area] ?? ap.area;
    const recorder =
      memberAccount && memberAccount.member === ap.member ? memberAccount : account(streetAccount(ap.area));
    const reviewer = communityAdmins.get(community) ?? account(streetAccount(ap.area));
    const homes = homesIn(community);
    const place = b.areaAt(community).name;
    const log = (
      day: number,
      kind: WorkLogKind,
      content: string,
      extra: Partial<DemoWorkLog> = {},
      forceStatus?: WorkLogStatus,
    ) => {
      const hour = rng.int(9, 15);
      const minute = rng.pick([0, 10, 20, 30, 40, 50]);
      const reviewDay = day + rng.int(1, 3);
      // Recent logs are often still waiting for the community; older ones were nearly all confirmed.
      let status: WorkLogStatus =
        forceStatus ??
        (reviewDay > yesterday || (day > yesterday - 6 && rng.chance(0.5)) || rng.chance(0.03)
          ? 'pending'
          : 'confirmed');
      if (status !== 'pending' && reviewDay > yesterday) status = 'pending';
      const reviewed = status !== 'pending';
      out.workLogs.push({
        appointment: index,
        area: ap.area,
        kind,
        occurredAt: stamp(day, hour, minute),
        place,
        withWhom: null,
        content,
        hours: null,
        targetType: null,
        targetUnit: null,
        householdAddress: null,
        asked: null,
        noted: null,
        demandCategories: [],
        subjectMember: null,
        activityType: null,
        activityRole: null,
        actionCategory: null,
        reportYear: null,
        ...extra,
        status,
        recordedBy: recorder.username,
        recordedByName: recorder.displayName,
        recordedByRole: recorder.role,
        reviewedBy: reviewed ? reviewer.username : null,
        reviewedByName: reviewed ? reviewer.displayName : null,
        reviewedAt: reviewed ? stamp(reviewDay, rng.int(9, 17), rng.int(0, 59)) : null,
        reviewComment:
          status === 'rejected' ? '当天未见到村居签到记录，请核实后重新提交' : reviewed ? '情况属实' : null,
        createdAt: stamp(day, hour + rng.int(1, 5), rng.int(0, 59)),
      });
    };
    const dayIn = (s: { start: number; end: number }) => rng.int(s.start, s.end);
    const demands = () => (rng.chance(0.6) ? rng.sample(DEMANDS, rng.chance(0.3) ? 2 : 1).sort() : []);
    const household = (day: number) =>
      log(day, 'visit', '入户走访，了解家庭情况和诉求', {
        targetType: 'household',
        householdAddress: `${b.placeName(rng.pick(homes))}${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`,
        asked: rng.pick(ASKED),
        noted: rng.pick(NOTED),
        demandCategories: demands(),
      });
    const unitVisit = (day: number, unit: number, twoNew: boolean) =>
      log(day, 'visit', `走访${b.unitAt(unit).name}，对接党建和发展需求`, {
        targetType: twoNew ? 'two_new_org' : 'unit',
        targetUnit: unit,
        withWhom: b.unitAt(unit).contactName,
        asked: '党组织建设和经营中的困难',
        noted: rng.pick(['希望对接招聘渠道', '需要党员活动场地', '咨询人才政策', '无']),
        demandCategories: demands(),
      });
    const action = (day: number, category: ActionCategory) =>
      log(day, 'action', ACTION_TEXT[category], { actionCategory: category, hours: rng.int(2, 4) });
    const activity = (day: number, type: ActivityType, role: ActivityRole, content: string) =>
      log(day, 'activity', content, { activityType: type, activityRole: role, hours: rng.int(2, 3) });
    const quarters = spans(start, yesterday, quarterStart, (d) => addMonths(d, 3));
    const months = spans(start, yesterday, monthStart, (d) => addMonths(d, 1));
    const currentQuarter = (q: { open: number }) => q.open === quarterStart(now);

    if (ap.kind === 'second_secretary') {
      const k = index;
      // A few fall short: 3 and 9 skip weeks, months and employees; 6 had an on-site day rejected.
      const slack = k === 3 || k === 9;
      const leaving = ap.termEnd !== null;
      const weeks = spans(start, yesterday, weekStart, (d) => d + 7);
      weeks.forEach((w, i) => {
        const current = w.open === weekStart(now);
        if (slack && i % 5 === 2) return;
        if (current && (leaving || rng.chance(0.3))) return;
        log(
          dayIn(w),
          'contact',
          rng.pick([
            '电话联系村居书记，了解近期工作',
            '到村居党群服务站对接工作',
            '微信联系村居，沟通职工情况',
          ]),
          {
            withWhom: '村居党组织书记',
          },
        );
      });
      months.forEach((m, i) => {
        const current = m.open === monthStart(now);
        if (slack && i === 0) return;
        if (k === 6 && i === 0 && !rejected) {
          rejected = true;
          log(dayIn(m), 'onsite_day', '到村居工作一天：参加村居例会', { hours: 8 }, 'rejected');
          return;
        }
        if (current && (leaving || rng.chance(0.35))) return;
        log(dayIn(m), 'onsite_day', '到村居工作一天：参加例会，走访职工家庭', { hours: 8 });
        if (rng.chance(0.6)) household(dayIn(m));
        action(dayIn(m), ACTION_CATEGORIES[(k + i) % ACTION_CATEGORIES.length] ?? 'warm_care');
      });
      // 请假免责: 3 was excused one of the weeks it skipped (ill), 9's excuse for its first month
      // was turned down, and `member` has asked for leave this month and waits for the community.
      const exempt = (
        rule: string,
        key: string,
        asked: number,
        reasonKind: ExemptionReasonKind,
        reason: string,
        decision: { status: ExemptionStatus; on: number; comment: string | null } | null,
      ) => {
        const requester = recorder;
        const decided = decision !== null && decision.on <= yesterday;
        out.exemptions.push({
          appointment: index,
          area: ap.area,
          ruleCode: rule,
          periodKey: key,
          reasonKind,
          reason,
          status: decided ? decision.status : 'pending',
          requestedBy: requester.username,
          requestedByName: requester.displayName,
          reviewedBy: decided ? reviewer.username : null,
          reviewedByName: decided ? reviewer.displayName : null,
          reviewedAt: decided ? stamp(decision.on, 16, 30) : null,
          reviewComment: decided ? decision.comment : null,
          createdAt: stamp(asked, 9, 15),
        });
      };
      const skipped = weeks[2];
      if (k === 3 && skipped && skipped.end < yesterday)
        exempt(
          'ss_weekly_contact',
          periodKey(fmt(skipped.start), 'week'),
          skipped.start,
          'illness',
          '住院治疗一周',
          {
            status: 'approved',
            on: skipped.end + 1,
            comment: '已核实住院证明',
          },
        );
      const firstMonth = months[0];
      if (k === 9 && firstMonth && firstMonth.end < yesterday)
        exempt(
          'ss_monthly_onsite_day',
          periodKey(fmt(firstMonth.start), 'month'),
          Math.max(firstMonth.start, firstMonth.end - 3),
          'other',
          '单位临时抽调参加专项工作',
          {
            status: 'rejected',
            on: firstMonth.end,
            comment: '请派出单位出具证明后重新申请',
          },
        );
      if (memberAccount && memberAccount.member === ap.member && toDay(ap.termStart) <= now - 2)
        exempt(
          'ss_monthly_onsite_day',
          periodKey(fmt(now), 'month'),
          now - 1,
          'leave',
          '外出参加集团培训两周',
          null,
        );
      const employees = b.data.members
        .map((m, i) => ({ m, i }))
        .filter(
          ({ m, i }) => m.unit === ap.sendingUnit && i !== ap.member && communityOf[m.area] === community,
        )
        .map(({ i }) => i);
      for (const q of quarters) {
        const share = currentQuarter(q) ? (k % 2 === 0 && !leaving ? 1 : 0.6) : slack ? 0.7 : 1;
        const reached = employees.slice(0, Math.max(0, Math.floor(employees.length * share)));
        for (const e of reached) {
          log(dayIn(q), 'employee_contact', '联系居住在村居的本单位职工，宣传村居活动', {
            subjectMember: e,
            withWhom: b.memberAt(e).name,
          });
        }
      }
      // The joint activity of the year (党建联建), led; slack secretaries only attended one.
      for (const y of spans(
        start,
        yesterday,
        (d) => dayOf(ymd(d).y, 0),
        (d) => dayOf(ymd(d).y + 1, 0),
      )) {
        activity(dayIn(y), 'theme_party_day', slack ? 'attended' : 'led', '村企党建联建主题党日活动');
      }
      const thisYear = dayOf(ymd(now).y, 0);
      if (!slack && toDay(ap.termStart) < thisYear && yesterday >= thisYear) {
        log(Math.min(yesterday, thisYear + 20), 'annual_report', `${ymd(now).y - 1}年度“第二书记”工作述职`, {
          reportYear: ymd(now).y - 1,
        });
      }
    } else if (ap.kind === 'first_secretary') {
      const slack = index === out.appointments.findIndex((a) => a.kind === 'first_secretary') + 2;
      const units = unitsIn(community, false);
      months.forEach((m, i) => {
        const visits = slack ? 1 : 3;
        for (let v = 0; v < visits; v++) {
          if (units.length && v === 1) unitVisit(dayIn(m), rng.pick(units), false);
          else household(dayIn(m));
        }
        activity(
          dayIn(m),
          i % 2 ? 'theme_party_day' : 'three_meetings_one_lesson',
          'attended',
          '参加社区党组织“三会一课”',
        );
        if (i % 3 === 0 && !slack)
          activity(dayIn(m), 'joint_study', 'led', '牵头开展法规政策宣讲（联学共建）');
        action(dayIn(m), ACTION_CATEGORIES[i % ACTION_CATEGORIES.length] ?? 'relief');
      });
    } else {
      const orgs = unitsIn(ap.area, true);
      const second = index === out.appointments.length - 1;
      for (const q of quarters) {
        const share = currentQuarter(q) ? (second ? 0.5 : 0.7) : 1;
        const visited = orgs.slice(
          0,
          Math.max(0, Math.floor(orgs.length * share) - (second && !currentQuarter(q) ? 2 : 0)),
        );
        for (const u of visited) unitVisit(dayIn(q), u, true);
        activity(dayIn(q), 'theme_party_day', 'led', '楼宇与居民区联合主题党日');
      }
      for (const m of months)
        log(dayIn(m), 'contact', '与对方党组织书记碰头，交流需求清单', { withWhom: '党组织书记' });
    }
  });
  return out;
}
