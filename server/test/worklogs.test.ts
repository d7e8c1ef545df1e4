import { createHash } from 'node:crypto';
import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, type Client, createTenant, fakeIdNumber, type Tenant, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
/** The second secretary's appointment: the tenant's member (C1, works for the C1 unit) serving C1. */
let appointmentId: number;
/** An appointment in C3, out of the C1 community admin's sight. */
let appointmentC3: number;
/** A colleague from the sending unit living in C1, and one living in C3. */
let colleague: number;
let farColleague: number;
/** A two-new organisation (unit of a two-new type) outside the receiving community. */
let twoNewOrg: number;

const today = localDate(new Date());
/** An instant on a day relative to today, in Beijing time. */
const at = (days: number, time = '10:00:00') => `${addDays(today, days)}T${time}+08:00`;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A Windows executable: "MZ" header, whatever its name says. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);

const paths = (res: { body: any }) =>
  (res.body.error.details as { path: string }[]).map((d) => d.path).sort();

async function eventCount(types: string[]) {
  const rows = await t.database.pool.query(
    `select count(*)::int as n from audit_events
      where entity_type = any($1) and area_id in (select id from areas where path like $2)`,
    [types, `${tn.areas.district.path}%`],
  );
  return rows.rows[0].n as number;
}

/** A multipart upload the way a browser form sends it, with the session cookie and CSRF token. */
async function upload(c: Client, logId: number, files: { name: string; type: string; data: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  const res = await fetch(`${t.url}/api/work-logs/${logId}/files`, {
    method: 'POST',
    headers: { cookie: c.cookie ?? '', 'x-csrf-token': c.csrfToken ?? '', 'accept-language': c.lang },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function member(areaId: number, unitId: number) {
  const res = await tn.clients.district_admin.post('/api/members', {
    areaId,
    name: `职工${areaId}`,
    gender: 'male',
    idNumber: fakeIdNumber(),
    category: 'in_service',
    unitId,
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

/** A valid body for each kind of log, on the second secretary's appointment. */
function bodies(): Record<string, Record<string, unknown>> {
  const base = { appointmentId, content: '记录内容' };
  return {
    contact: {
      ...base,
      kind: 'contact',
      occurredAt: at(-10),
      withWhom: '村居书记',
      content: '电话沟通本周工作',
    },
    onsite_day: { ...base, kind: 'onsite_day', occurredAt: at(-9, '09:00:00'), place: '村委会', hours: 7.5 },
    visit: {
      ...base,
      kind: 'visit',
      occurredAt: at(-8),
      targetType: 'household',
      householdAddress: 'B1 楼 302 室',
      asked: '孩子上学接送有困难',
      noted: '纳入互助轮值',
    },
    two_new_visit: {
      ...base,
      kind: 'visit',
      occurredAt: at(-8, '15:00:00'),
      targetType: 'two_new_org',
      targetUnitId: twoNewOrg,
      asked: '白领联谊需求',
      demandCategories: ['social', 'recruitment', 'social'],
    },
    employee_contact: { ...base, kind: 'employee_contact', occurredAt: at(-7), subjectMemberId: colleague },
    activity: {
      ...base,
      kind: 'activity',
      occurredAt: at(-6),
      activityType: 'theme_party_day',
      activityRole: 'led',
      content: '央企党支部与村居党支部联合主题党日',
    },
    action: {
      ...base,
      kind: 'action',
      occurredAt: at(-5),
      actionCategory: 'warm_care',
      content: '慰问困难职工',
    },
    annual_report: {
      ...base,
      kind: 'annual_report',
      occurredAt: at(-1),
      reportYear: Number(today.slice(0, 4)),
      content: '年度述职报告',
    },
  };
}

const logIds: Record<string, number> = {};

beforeAll(async () => {
  tn = await createTenant(t);
  const org = async (areaId: number) => {
    const res = await tn.clients.district_admin.post('/api/orgs', {
      areaId,
      type: 'branch',
      name: `党支部${areaId}`,
    });
    return res.body.id as number;
  };
  const orgC1 = await org(tn.areas.community.id);
  const orgC3 = await org(tn.areas.community3.id);
  const kinds = await tn.clients.district_admin.get('/api/appointment-kinds?pageSize=100');
  const kind = (code: string) => kinds.body.data.find((k: { code: string }) => k.code === code).id;
  const made = await tn.clients.community_admin.post('/api/appointments', {
    kindId: kind('second_secretary'),
    memberId: tn.inside.memberId,
    sendingUnitId: tn.inside.unitId,
    receivingOrgId: orgC1,
    termStart: addDays(today, -60),
  });
  expect(made.status).toBe(201);
  appointmentId = made.body.id;
  const c3 = await tn.clients.district_admin.post('/api/appointments', {
    kindId: kind('building_head'),
    memberId: tn.outside.memberId,
    receivingOrgId: orgC3,
    termStart: addDays(today, -60),
  });
  appointmentC3 = c3.body.id;
  colleague = await member(tn.areas.building.id, tn.inside.unitId);
  farColleague = await member(tn.areas.community3.id, tn.inside.unitId);
  const twoNew = await tn.clients.district_admin.post('/api/units', {
    areaId: tn.areas.community3.id,
    name: `两新单位B-${tn.areas.community3.id}`,
    type: 'two_new_firm',
  });
  expect(twoNew.status).toBe(201);
  twoNewOrg = twoNew.body.id;
});

describe('recording work logs', () => {
  it('a visit filed as one to a two-new organisation must name one, and a unit visit a unit', async () => {
    const visit = (targetType: string, targetUnitId: number) =>
      tn.clients.member.post('/api/work-logs', {
        appointmentId,
        kind: 'visit',
        occurredAt: at(-9),
        content: '走访',
        targetType,
        targetUnitId,
      });
    for (const res of [await visit('two_new_org', tn.outside.unitId), await visit('unit', twoNewOrg)]) {
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({
          path: 'targetUnitId',
          message: expect.stringContaining('走访对象类型不符'),
        }),
      ]);
    }
  });

  it('the appointee records a log of every kind; each waits for the community', async () => {
    for (const [name, body] of Object.entries(bodies())) {
      const res = await tn.clients.member.post('/api/work-logs', body);
      expect(res.status, name).toBe(201);
      expect(res.body).toMatchObject({
        appointmentId,
        appointmentKindCode: 'second_secretary',
        memberId: tn.inside.memberId,
        areaId: tn.areas.community.id,
        kind: body.kind,
        status: 'pending',
        recordedByRole: 'member',
        files: [],
        actions: ['upload', 'deleteFile'],
      });
      logIds[name] = res.body.id;
    }
    const visit = await tn.clients.member.get(`/api/work-logs/${logIds.visit}`);
    expect(visit.body).toMatchObject({
      targetType: 'household',
      householdAddress: 'B1 楼 302 室',
      asked: '孩子上学接送有困难',
      noted: '纳入互助轮值',
      targetUnitId: null,
      // Sent without demand categories: none recorded.
      demandCategories: [],
    });
    const twoNew = await tn.clients.member.get(`/api/work-logs/${logIds.two_new_visit}`);
    expect(twoNew.body).toMatchObject({
      targetType: 'two_new_org',
      targetUnitId: twoNewOrg,
      // Repeats collapse; the order given is kept.
      demandCategories: ['social', 'recruitment'],
    });
    expect((await tn.clients.member.get(`/api/work-logs/${logIds.contact}`)).body.demandCategories).toEqual(
      [],
    );
    expect(twoNew.body.targetUnitName).toContain('单位B');
    const contact = await tn.clients.member.get(`/api/work-logs/${logIds.employee_contact}`);
    expect(contact.body).toMatchObject({
      subjectMemberId: colleague,
      subjectMemberName: `职工${tn.areas.building.id}`,
    });
    expect((await tn.clients.member.get(`/api/work-logs/${logIds.onsite_day}`)).body.hours).toBe(7.5);
    expect((await tn.clients.member.get(`/api/work-logs/${logIds.activity}`)).body).toMatchObject({
      activityType: 'theme_party_day',
      activityRole: 'led',
    });
    const trail = await auditTrail(t, 'work_log', logIds.action!);
    expect(trail.map((e) => [e.action, e.area_id])).toEqual([['create', tn.areas.community.id]]);
    expect(trail[0]!.after).toMatchObject({ kind: 'action', actionCategory: 'warm_care', status: 'pending' });
  });

  it('the receiving community records logs too, and confirms them explicitly', async () => {
    const res = await tn.clients.community_admin.post('/api/work-logs', {
      appointmentId,
      kind: 'contact',
      occurredAt: at(-3),
      content: '第二书记来社区商量垃圾分类宣传',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ recordedByRole: 'community_admin', status: 'pending' });
    expect(res.body.actions).toEqual(['confirm', 'reject', 'upload', 'deleteFile']);
    logIds.byCommunity = res.body.id;
  });

  it('bad logs are refused with field errors in the caller’s language, and nothing is written', async () => {
    const before = await eventCount(['work_log']);
    const b = bodies();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...b.visit, householdAddress: null }, ['householdAddress']],
      [{ ...b.two_new_visit, targetUnitId: undefined }, ['targetUnitId']],
      [{ ...b.contact, occurredAt: at(2) }, ['occurredAt']],
      [{ ...b.contact, occurredAt: at(-61) }, ['occurredAt']],
      [{ ...b.contact, occurredAt: '昨天' }, ['occurredAt']],
      [{ ...b.contact, content: '' }, ['content']],
      [{ ...b.onsite_day, hours: 30 }, ['hours']],
      [{ ...b.employee_contact, subjectMemberId: farColleague }, ['subjectMemberId']],
      [{ ...b.employee_contact, subjectMemberId: tn.outside.memberId }, ['subjectMemberId']],
      [{ ...b.two_new_visit, targetUnitId: 999999999 }, ['targetUnitId']],
      [{ ...b.activity, activityRole: 'watched' }, ['activityRole']],
      [{ ...b.action, actionCategory: 'fun' }, ['actionCategory']],
      [{ ...b.two_new_visit, demandCategories: ['social', 'karaoke'] }, ['demandCategories.1']],
      [{ ...b.visit, demandCategories: ['bad code!'] }, ['demandCategories.0']],
      [{ ...b.visit, demandCategories: 'social' }, ['demandCategories']],
      [{ ...b.contact, appointmentId: appointmentC3 }, ['appointmentId']],
      [{ ...b.contact, appointmentId: 999999999 }, ['appointmentId']],
    ];
    for (const [body, expected] of cases) {
      const res = await tn.clients.member.post('/api/work-logs', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(paths(res), JSON.stringify(body)).toEqual(expected);
    }
    const wrongKind = await tn.clients.member.post('/api/work-logs', { ...b.contact, kind: 'party' });
    expect(wrongKind.status).toBe(400);
    tn.clients.member.lang = 'en';
    const en = await tn.clients.member.post('/api/work-logs', {
      ...b.employee_contact,
      subjectMemberId: farColleague,
    });
    tn.clients.member.lang = 'zh-CN';
    expect(en.body.error.details[0].message).toBe(
      'Must be an employee of the sending unit living in the receiving community',
    );
    const future = await tn.clients.member.post('/api/work-logs', { ...b.contact, occurredAt: at(2) });
    expect(future.body.error.details[0].message).toBe('发生时间不能晚于当前时间');
    expect(await eventCount(['work_log'])).toBe(before);
  });

  it('visit demand categories follow the district’s dictionary: its own items count, disabled ones do not', async () => {
    const d = tn.clients.district_admin;
    const own = await d.post('/api/dictionaries', {
      type: 'demand_category',
      code: 'legal_aid',
      labelZh: '法律援助',
      labelEn: 'Legal aid',
    });
    expect(own.status).toBe(201);
    const body = { ...bodies().two_new_visit, occurredAt: at(-4), demandCategories: ['legal_aid', 'venue'] };
    const res = await tn.clients.member.post('/api/work-logs', body);
    expect(res.status).toBe(201);
    expect(res.body.demandCategories).toEqual(['legal_aid', 'venue']);
    logIds.demandVisit = res.body.id;
    const trail = await auditTrail(t, 'work_log', res.body.id);
    expect(trail[0]!.after).toMatchObject({ demandCategories: ['legal_aid', 'venue'] });

    expect((await d.patch(`/api/dictionaries/${own.body.id}`, { enabled: false })).status).toBe(200);
    const disabled = await tn.clients.member.post('/api/work-logs', body);
    expect(disabled.status).toBe(400);
    expect(paths(disabled)).toEqual(['demandCategories.0']);
    expect(disabled.body.error.details[0].params).toEqual({ value: 'legal_aid' });
    // The log already recorded keeps its code.
    expect((await tn.clients.member.get(`/api/work-logs/${res.body.id}`)).body.demandCategories).toEqual([
      'legal_aid',
      'venue',
    ]);
  });

  it('one standing annual report per year; roles that may not record are refused', async () => {
    const again = await tn.clients.member.post('/api/work-logs', bodies().annual_report);
    expect(again.status).toBe(409);
    expect(paths(again)).toEqual(['reportYear']);
    expect((await tn.clients.unit_admin.post('/api/work-logs', bodies().contact)).status).toBe(403);
    expect((await tn.clients.resident.post('/api/work-logs', bodies().contact)).status).toBe(403);
    // An admin elsewhere cannot even name the appointment.
    const outside = await tn.clients.outsideCommunityAdmin.post('/api/work-logs', bodies().contact);
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['appointmentId']);
  });
});

describe('evidence files', () => {
  it('a PNG is accepted, stored with its sha256, and downloaded with the right headers', async () => {
    const res = await upload(tn.clients.member, logIds.activity!, [
      { name: '主题党日合影.png', type: 'image/png', data: PNG },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.files).toHaveLength(1);
    const file = res.body.files[0];
    expect(file).toMatchObject({
      fileName: '主题党日合影.png',
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const download = await fetch(`${t.url}/api/work-logs/${logIds.activity}/files/${file.id}`, {
      headers: { cookie: tn.clients.community_admin.cookie ?? '' },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="______.png"; filename*=UTF-8''${encodeURIComponent('主题党日合影.png')}`,
    );
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    // Scoped like the log: the sending unit reads it, another community does not see it.
    const get = (c: Client) =>
      fetch(`${t.url}/api/work-logs/${logIds.activity}/files/${file.id}`, {
        headers: { cookie: c.cookie ?? '' },
      });
    expect((await get(tn.clients.unit_admin)).status).toBe(200);
    expect((await get(tn.clients.outsideCommunityAdmin)).status).toBe(404);
    expect((await get(tn.clients.resident)).status).toBe(403);
    expect((await tn.clients.member.get(`/api/work-logs/${logIds.contact}/files/${file.id}`)).status).toBe(
      404,
    );
    const trail = await auditTrail(t, 'work_log_file', file.id);
    expect(trail.map((e) => e.action)).toEqual(['create']);
    expect(trail[0]!.after).toMatchObject({
      workLogId: logIds.activity,
      sha256: file.sha256,
      size: PNG.length,
    });
  });

  it('a renamed executable, an oversized file and an empty form are refused and nothing is stored', async () => {
    const before = await eventCount(['work_log_file']);
    const exe = await upload(tn.clients.member, logIds.contact!, [
      { name: 'photo.png', type: 'image/png', data: EXE },
    ]);
    expect(exe.status).toBe(400);
    expect(paths(exe)).toEqual(['file.0']);
    expect(exe.body.error.details[0].message).toBe(
      '只接受 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容判断）',
    );
    // One bad file refuses the whole upload.
    const mixed = await upload(tn.clients.member, logIds.contact!, [
      { name: 'ok.png', type: 'image/png', data: PNG },
      { name: 'bad.png', type: 'image/png', data: EXE },
    ]);
    expect(mixed.status).toBe(400);
    expect(paths(mixed)).toEqual(['file.1']);
    const big = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(tn.clients.member, logIds.contact!, [
      { name: 'big.png', type: 'image/png', data: big },
    ]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.details[0]).toMatchObject({ path: 'file', message: '单个文件不能超过 10 MB' });
    const none = await upload(tn.clients.member, logIds.contact!, []);
    expect(none.status).toBe(400);
    const json = await tn.clients.member.post(`/api/work-logs/${logIds.contact}/files`, { file: 'x' });
    expect(json.status).toBe(400);
    expect((await tn.clients.member.get(`/api/work-logs/${logIds.contact}`)).body.files).toEqual([]);
    expect(await eventCount(['work_log_file'])).toBe(before);
  });

  it('a PDF sent under an image name is stored as the PDF it is; a wrong file can be removed while pending', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await upload(tn.clients.community_admin, logIds.byCommunity!, [
      { name: '签到表.jpg', type: 'image/jpeg', data: pdf },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.files[0]).toMatchObject({ fileName: '签到表.pdf', contentType: 'application/pdf' });
    const removed = await tn.clients.community_admin.del(
      `/api/work-logs/${logIds.byCommunity}/files/${res.body.files[0].id}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.files).toEqual([]);
    expect((await auditTrail(t, 'work_log_file', res.body.files[0].id)).map((e) => e.action)).toEqual([
      'create',
      'delete',
    ]);
    // Uploads are for the appointee and the receiving community only.
    const unit = await upload(tn.clients.unit_admin, logIds.contact!, [
      { name: 'a.png', type: 'image/png', data: PNG },
    ]);
    expect(unit.status).toBe(403);
    const outside = await upload(tn.clients.outsideCommunityAdmin, logIds.contact!, [
      { name: 'a.png', type: 'image/png', data: PNG },
    ]);
    expect(outside.status).toBe(404);
  });
});

describe('confirmation by the receiving community', () => {
  it('the appointee cannot confirm its own log; the community admin confirms it, and it is then frozen', async () => {
    const own = await tn.clients.member.post(`/api/work-logs/${logIds.activity}/confirm`, {});
    expect(own.status).toBe(403);
    expect((await tn.clients.unit_admin.post(`/api/work-logs/${logIds.activity}/confirm`, {})).status).toBe(
      403,
    );
    expect(
      (await tn.clients.outsideCommunityAdmin.post(`/api/work-logs/${logIds.activity}/confirm`, {})).status,
    ).toBe(404);
    const res = await tn.clients.community_admin.post(`/api/work-logs/${logIds.activity}/confirm`, {
      comment: '属实',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      reviewComment: '属实',
      reviewedByName: expect.stringContaining('community_admin'),
      actions: [],
    });
    expect(res.body.reviewedAt).toBeTruthy();
    expect(
      (await tn.clients.community_admin.post(`/api/work-logs/${logIds.activity}/reject`, { comment: 'x' }))
        .status,
    ).toBe(409);
    const late = await upload(tn.clients.member, logIds.activity!, [
      { name: 'a.png', type: 'image/png', data: PNG },
    ]);
    expect(late.status).toBe(409);
    const trail = await auditTrail(t, 'work_log', logIds.activity!);
    expect(trail.map((e) => e.action)).toEqual(['create', 'confirm']);
    expect(trail[1]!.before).toEqual({ status: 'pending' });
    expect(trail[1]!.after).toEqual({ status: 'confirmed', reviewComment: '属实' });
  });

  it('a rejection says why; an annual report is reviewed with a comment', async () => {
    const c = tn.clients.community_admin;
    const noReason = await c.post(`/api/work-logs/${logIds.contact}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['comment']);
    const rejected = await c.post(`/api/work-logs/${logIds.contact}/reject`, { comment: '与另一条记录重复' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewComment: '与另一条记录重复' });
    const bare = await c.post(`/api/work-logs/${logIds.annual_report}/confirm`, {});
    expect(bare.status).toBe(400);
    expect(paths(bare)).toEqual(['comment']);
    expect((await c.get(`/api/work-logs/${logIds.annual_report}`)).body.status).toBe('pending');
    const reviewed = await c.post(`/api/work-logs/${logIds.annual_report}/confirm`, {
      comment: '述职全面，评为优秀',
    });
    expect(reviewed.body).toMatchObject({ status: 'confirmed', reviewComment: '述职全面，评为优秀' });
    // The street above the community may confirm too.
    const street = await tn.clients.street_admin.post(`/api/work-logs/${logIds.onsite_day}/confirm`, {});
    expect(street.status).toBe(200);
  });
});

describe('listing work logs', () => {
  it('filters by appointment, kind, status, date range and area, with paging', async () => {
    const c = tn.clients.community_admin;
    const all = await c.get(`/api/work-logs?appointmentId=${appointmentId}&pageSize=100`);
    expect(all.body.total).toBe(Object.keys(logIds).length);
    const visits = await c.get(`/api/work-logs?kind=visit`);
    expect(visits.body.data.map((l: { id: number }) => l.id).sort()).toEqual(
      [logIds.visit, logIds.two_new_visit, logIds.demandVisit].sort(),
    );
    const confirmed = await c.get('/api/work-logs?status=confirmed');
    expect(confirmed.body.total).toBe(3);
    const range = await c.get(
      `/api/work-logs?from=${addDays(today, -8)}&to=${addDays(today, -6)}&pageSize=100`,
    );
    expect(range.body.data.map((l: { id: number }) => l.id).sort()).toEqual(
      [logIds.visit, logIds.two_new_visit, logIds.employee_contact, logIds.activity].sort(),
    );
    expect(range.body.data[0].files).toBeDefined();
    const page = await c.get('/api/work-logs?pageSize=2&page=2');
    expect(page.body.data).toHaveLength(2);
    expect(page.body.total).toBe(Object.keys(logIds).length);
    const within = await tn.clients.district_admin.get(`/api/work-logs?within=${tn.areas.street2.id}`);
    expect(within.body.total).toBe(0);
    expect((await c.get(`/api/work-logs?from=${today}&to=${addDays(today, -1)}`)).status).toBe(400);
    expect((await c.get('/api/work-logs?kind=party')).status).toBe(400);
  });

  it('each role lists what it may see: the community, the appointee, the sending unit; others nothing', async () => {
    const total = Object.keys(logIds).length;
    expect((await tn.clients.member.get('/api/work-logs?pageSize=100')).body.total).toBe(total);
    expect((await tn.clients.unit_admin.get('/api/work-logs?pageSize=100')).body.total).toBe(total);
    expect((await tn.clients.street_admin.get('/api/work-logs?pageSize=100')).body.total).toBe(total);
    // C3's admin sees only the visits to the organisations located in C3 (its visit coverage
    // counts them), read-only; nothing else of C1's appointee.
    const c3 = tn.clients.outsideCommunityAdmin;
    const seen = (await c3.get('/api/work-logs?pageSize=100')).body.data as any[];
    expect(seen.length).toBeGreaterThan(0);
    expect(
      seen.every((l) => l.kind === 'visit' && l.targetUnitId === twoNewOrg && l.actions.length === 0),
    ).toBe(true);
    expect(seen.map((l) => l.id)).toContain(logIds.two_new_visit);
    expect((await c3.get(`/api/work-logs/${logIds.contact}`)).status).toBe(404);
    expect((await c3.get(`/api/work-logs/${logIds.visit}`)).status).toBe(404);
    expect((await tn.clients.resident.get('/api/work-logs')).status).toBe(403);
    const unitView = await tn.clients.unit_admin.get(`/api/work-logs/${logIds.visit}`);
    expect(unitView.status).toBe(200);
    expect(unitView.body.actions).toEqual([]);
  });

  it('no logs are recorded on an appointment once it is recalled; its logs remain', async () => {
    const recalled = await tn.clients.community_admin.post(`/api/appointments/${appointmentId}/recall`, {
      endedOn: today,
      reason: '工作调动',
    });
    expect(recalled.status).toBe(200);
    const res = await tn.clients.member.post('/api/work-logs', bodies().contact);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('APPOINTMENT_INACTIVE');
    expect((await tn.clients.member.get(`/api/work-logs?appointmentId=${appointmentId}`)).body.total).toBe(
      Object.keys(logIds).length,
    );
    expect((await tn.clients.community_admin.del(`/api/appointments/${appointmentId}`)).status).toBe(409);
  });
});
