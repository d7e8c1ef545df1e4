import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTenant, fakeIdNumber, type Tenant, uid, useTestApp } from './helpers.ts';

const t = useTestApp();

let tn: Tenant;
/** The tenant's member (C1, works for the C1 unit) as second secretary of C1's branch. */
let apA: number;
/** The same member's cross-appointment (no sending unit), ended. */
let apEnded: number;
let employees: { inBuilding: number; inCompound: number; inC2: number; otherUnit: number };
let unitsC1: { firm: number; social: number; school: number };
let firmC3: number;
/** A member of the sending unit living in C1 with a sign-in of its own (not the appointee). */
let colleagueClient: Client;
let otherUnitAdmin: Client;

const today = localDate(new Date());
/** The first day of the current quarter, in Beijing. */
const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const lastQuarterDay = addDays(quarterStart, -10);
const startOfToday = `${today}T00:00:00+08:00`;

const employeesUrl = (id: number, qs = '') => `/api/appointments/${id}/employees${qs}`;
const targetsUrl = (id: number, qs = '') => `/api/appointments/${id}/visit-targets${qs}`;
const names = (res: { body: any }) => (res.body.data as { name: string }[]).map((r) => r.name);

async function member(areaId: number, name: string, unitId: number, phone?: string) {
  const res = await tn.clients.district_admin.post('/api/members', {
    areaId,
    name,
    gender: 'male',
    idNumber: fakeIdNumber(),
    category: 'in_service',
    unitId,
    ...(phone ? { phone } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function unit(areaId: number, name: string, type: string) {
  const res = await tn.clients.district_admin.post('/api/units', {
    areaId,
    name,
    type,
    address: `${name}路1号`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function log(body: Record<string, unknown>) {
  const res = await tn.clients.member.post('/api/work-logs', {
    appointmentId: apA,
    content: '记录',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function signedIn(role: string, binding: Record<string, number>) {
  const username = `${role}-${uid()}`;
  const res = await tn.clients.platform.post('/api/accounts', {
    username,
    displayName: username,
    password: 'Lookup-2026-pass',
    role,
    ...binding,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const c = t.client();
  expect((await c.login(username, 'Lookup-2026-pass')).status).toBe(200);
  return c;
}

beforeAll(async () => {
  tn = await createTenant(t);
  const d = tn.clients.district_admin;
  const org = async (areaId: number, name: string) =>
    (await d.post('/api/orgs', { areaId, type: 'branch', name })).body.id as number;
  const orgC1 = await org(tn.areas.community.id, `C1党支部-${tn.tag}`);
  const kinds = await d.get('/api/appointment-kinds?pageSize=100');
  const kindId = (code: string) =>
    kinds.body.data.find((k: { code: string }) => k.code === code).id as number;

  const unitId = tn.inside.unitId;
  employees = {
    inBuilding: await member(tn.areas.building.id, '职工甲', unitId, '13812345678'),
    inCompound: await member(tn.areas.compound.id, '职工乙', unitId),
    inC2: await member(tn.areas.community2.id, '职工丙', unitId),
    otherUnit: await member(tn.areas.community.id, '职工丁', tn.outside.unitId),
  };
  unitsC1 = {
    firm: await unit(tn.areas.community.id, `两新企业-${tn.tag}`, 'two_new_firm'),
    social: await unit(tn.areas.compound.id, `社会组织-${tn.tag}`, 'two_new_social'),
    school: await unit(tn.areas.community.id, `小学-${tn.tag}`, 'school'),
  };
  firmC3 = await unit(tn.areas.community3.id, `C3两新企业-${tn.tag}`, 'two_new_firm');

  const appoint = async (body: Record<string, unknown>) => {
    const res = await tn.clients.community_admin.post('/api/appointments', {
      memberId: tn.inside.memberId,
      receivingOrgId: orgC1,
      termStart: addDays(quarterStart, -40),
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  apA = await appoint({ kindId: kindId('second_secretary'), sendingUnitId: unitId });
  apEnded = await appoint({ kindId: kindId('cross_appointment') });
  const end = await tn.clients.community_admin.post(`/api/appointments/${apEnded}/end`, { endedOn: today });
  expect(end.status, JSON.stringify(end.body)).toBe(200);

  // 甲 was contacted this quarter; 乙 only last quarter, and this quarter's contact was rejected.
  await log({ kind: 'employee_contact', occurredAt: startOfToday, subjectMemberId: employees.inBuilding });
  await log({
    kind: 'employee_contact',
    occurredAt: `${lastQuarterDay}T10:00:00+08:00`,
    subjectMemberId: employees.inCompound,
  });
  const rejected = await log({
    kind: 'employee_contact',
    occurredAt: startOfToday,
    subjectMemberId: employees.inCompound,
  });
  const reject = await tn.clients.community_admin.post(`/api/work-logs/${rejected}/reject`, {
    comment: '未见联系记录',
  });
  expect(reject.status, JSON.stringify(reject.body)).toBe(200);
  await log({
    kind: 'visit',
    occurredAt: startOfToday,
    targetType: 'two_new_org',
    targetUnitId: unitsC1.firm,
  });

  colleagueClient = await signedIn('member', { memberId: employees.inBuilding });
  otherUnitAdmin = await signedIn('unit_admin', { unitId: tn.outside.unitId });
});

describe("an appointment's employee look-up", () => {
  it("lists the sending unit's employees living in the receiving community, uncontacted first", async () => {
    const res = await tn.clients.member.get(employeesUrl(apA));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Not the appointee, not the colleague living in C2, not the member of another unit.
    expect(names(res)).toEqual(['职工乙', '职工甲']);
    expect(res.body.total).toBe(2);
    const [yi, jia] = res.body.data;
    expect(jia).toMatchObject({ id: employees.inBuilding, contactedThisQuarter: true });
    expect(Date.parse(jia.lastContactedAt)).toBe(Date.parse(startOfToday));
    // A rejected contact does not count; last quarter's does not count for this quarter.
    expect(yi).toMatchObject({ id: employees.inCompound, contactedThisQuarter: false });
    expect(Date.parse(yi.lastContactedAt)).toBe(Date.parse(`${lastQuarterDay}T10:00:00+08:00`));
  });

  it('masks the phone and sends nothing else personal', async () => {
    const res = await tn.clients.community_admin.get(employeesUrl(apA, '?q=甲'));
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    const jia = res.body.data[0];
    expect(jia.phone).toBe('138****5678');
    expect(jia.areaLabel).toContain(tn.areas.building.name);
    expect(Object.keys(jia).sort()).toEqual([
      'areaLabel',
      'contactedThisQuarter',
      'id',
      'lastContactedAt',
      'name',
      'phone',
    ]);
    // Asking to reveal is not part of this look-up: the parameter is refused by name.
    const reveal = await tn.clients.district_admin.get(employeesUrl(apA, '?q=甲&reveal=true'));
    expect(reveal.status).toBe(400);
    expect(reveal.body.error.details.map((d: { path: string }) => d.path)).toEqual(['reveal']);
  });

  it('searches by name or residence and pages', async () => {
    const byBuilding = await tn.clients.member.get(employeesUrl(apA, `?q=${encodeURIComponent('B1-')}`));
    expect(names(byBuilding)).toEqual(['职工甲']);
    const page2 = await tn.clients.member.get(employeesUrl(apA, '?pageSize=1&page=2'));
    expect(page2.body).toMatchObject({ total: 2, data: [{ name: '职工甲' }] });
    const none = await tn.clients.member.get(employeesUrl(apA, '?q=nobody'));
    expect(none.body).toEqual({ data: [], total: 0 });
  });

  it('marks an employee contacted as soon as a contact is logged', async () => {
    await log({ kind: 'employee_contact', occurredAt: startOfToday, subjectMemberId: employees.inCompound });
    const res = await tn.clients.member.get(employeesUrl(apA));
    expect(res.body.data.map((r: any) => [r.name, r.contactedThisQuarter])).toEqual([
      ['职工乙', true],
      ['职工甲', true],
    ]);
  });

  it('is empty for an appointment without a sending unit', async () => {
    const res = await tn.clients.community_admin.get(employeesUrl(apEnded));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], total: 0 });
  });
});

describe("an appointment's visit-target look-up", () => {
  it('lists the two-new organisations of the receiving community, unvisited first', async () => {
    const res = await tn.clients.member.get(targetsUrl(apA, '?type=two_new_org'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Not the one in C3.
    expect(res.body.data.map((r: any) => [r.id, r.targetType, r.visitedThisQuarter])).toEqual([
      [unitsC1.social, 'two_new_org', false],
      [unitsC1.firm, 'two_new_org', true],
    ]);
    expect(res.body.data[1]).toMatchObject({ type: 'two_new_firm', address: `两新企业-${tn.tag}路1号` });
    expect(res.body.data.map((r: any) => r.id)).not.toContain(firmC3);
  });

  it('lists the other units for a unit visit, and all of them without a type', async () => {
    const units = await tn.clients.member.get(targetsUrl(apA, '?type=unit'));
    expect(units.body.data.map((r: any) => r.id).sort()).toEqual([tn.inside.unitId, unitsC1.school].sort());
    expect(units.body.data.every((r: any) => r.targetType === 'unit')).toBe(true);
    const all = await tn.clients.member.get(targetsUrl(apA));
    expect(all.body.total).toBe(4);
    const found = await tn.clients.member.get(targetsUrl(apA, `?q=${encodeURIComponent('小学')}`));
    expect(found.body.data.map((r: any) => r.id)).toEqual([unitsC1.school]);
  });

  it('refuses an unknown type', async () => {
    const res = await tn.clients.member.get(targetsUrl(apA, '?type=household'));
    expect(res.status).toBe(400);
  });
});

describe('who may use the look-ups', () => {
  it('lets the receiving area’s admins and the sending unit’s admin use them', async () => {
    for (const c of [
      tn.clients.community_admin,
      tn.clients.street_admin,
      tn.clients.district_admin,
      tn.clients.platform,
      tn.clients.unit_admin,
    ]) {
      expect((await c.get(employeesUrl(apA))).status).toBe(200);
      expect((await c.get(targetsUrl(apA))).status).toBe(200);
    }
  });

  it('hides the appointment from admins elsewhere, another unit and another member (404)', async () => {
    for (const c of [
      tn.clients.outsideCommunityAdmin,
      tn.clients.outsideStreetAdmin,
      otherUnitAdmin,
      colleagueClient,
    ]) {
      expect((await c.get(employeesUrl(apA))).status).toBe(404);
      expect((await c.get(targetsUrl(apA))).status).toBe(404);
    }
  });

  it('refuses residents, who never use appointments (403)', async () => {
    expect((await tn.clients.resident.get(employeesUrl(apA))).status).toBe(403);
    expect((await tn.clients.resident.get(targetsUrl(apA))).status).toBe(403);
  });

  it('refuses the appointee once the appointment has ended (403), but not its admins', async () => {
    expect((await tn.clients.member.get(employeesUrl(apEnded))).status).toBe(403);
    expect((await tn.clients.member.get(targetsUrl(apEnded))).status).toBe(403);
    expect((await tn.clients.community_admin.get(targetsUrl(apEnded))).status).toBe(200);
  });

  it('answers 404 for an appointment that does not exist', async () => {
    expect((await tn.clients.member.get(employeesUrl(2_000_000_000))).status).toBe(404);
    expect((await tn.clients.community_admin.get(targetsUrl(2_000_000_000))).status).toBe(404);
  });
});
