import type pg from 'pg';

/**
 * City-scale rows for the list benchmark, generated inside PostgreSQL (INSERT … SELECT
 * generate_series): nothing crosses the wire but the statements, so 2,000,000 members load in
 * about a minute on this machine. They are added to a loaded demo district, which brings the
 * accounts, appointment kinds, party organisations and dictionaries the rows point at.
 *
 * Proportions follow the demo (per 1,000 members: 500 residents, 58 units) and the board
 * benchmark (a district of 20,000 appointees for 2,000,000 members, each with 25 logs over two
 * quarters). The tree grows with the registry: about 70 members per building, 10 buildings per
 * community, 30 communities per street. Names are drawn from the demo's surname and given-name
 * tables with a skew, so a search for 张 finds tens of thousands and one for a full name a handful.
 */
export interface CityScale {
  members: number;
  residents: number;
  units: number;
  appointments: number;
  logsPerAppointment: number;
  streets: number;
  communitiesPerStreet: number;
  buildingsPerCommunity: number;
}

export function cityScale(members: number): CityScale {
  const buildings = Math.max(10, Math.round(members / 70));
  const communities = Math.max(1, Math.round(buildings / 10));
  const streets = Math.max(1, Math.round(communities / 30));
  return {
    members,
    residents: Math.round(members / 2),
    units: Math.max(10, Math.round((members * 58) / 1000)),
    appointments: Math.max(10, Math.round(members / 100)),
    logsPerAppointment: 25,
    streets,
    communitiesPerStreet: Math.max(1, Math.round(communities / streets)),
    buildingsPerCommunity: 10,
  };
}

// The demo's name tables (src/seed/people.ts), most frequent surnames first.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志文海东峰晨阳博振鸿芳娜敏静丽艳娟霞燕琳玲婷雪慧颖倩洁莉兰萍红梅英秀云桂琴月晶欣悦佳怡瑶蕾璐雯馨子晓小春思嘉雨一安';

/**
 * A name for row `i`: a surname skewed towards the frequent ones (the square of a uniform
 * draw), and one or two given characters.
 */
const nameOf = (i: string) => `(
  substr('${SURNAMES}', 1 + floor(${SURNAMES.length} * power((abs(hashint4(${i})) % 10000) / 10000.0, 2))::int, 1)
  || substr('${GIVEN}', 1 + abs(hashint4(${i} + 7)) % ${GIVEN.length}, 1)
  || case when abs(hashint4(${i} + 13)) % 10 < 7 then substr('${GIVEN}', 1 + abs(hashint4(${i} + 19)) % ${GIVEN.length}, 1) else '' end)`;

/** Add the city to the district `districtId` (an id of `areas`); returns the new tree's street ids. */
export async function loadCity(client: pg.ClientBase, districtId: number, s: CityScale) {
  const q = async (text: string, values: unknown[] = []) => {
    const t = performance.now();
    const r = await client.query(text, values);
    if (process.env.BENCH_TRACE)
      console.log(Math.round(performance.now() - t), text.slice(0, 60).replace(/\s+/g, ' '));
    return r;
  };
  await q('begin');
  // Bulk-load as a restore would: foreign-key triggers off (every reference below is to a row
  // made here or by the demo), and the secondary indexes dropped and built again after the rows
  // are in — one sort per index instead of 2,000,000 random insertions.
  await q(`set local session_replication_role = replica`);
  const { rows: indexes } = await q(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i where i.indrelid = any($1::regclass[]) and not i.indisprimary`,
    [BULK_TABLES],
  );
  for (const ix of indexes as { name: string }[]) await q(`drop index ${ix.name}`);
  // Streets, communities and buildings under the district, each path built from its parent's.
  await q(
    `insert into areas (parent_id, level, code, name, path, depth, sort)
     select $1, 'street', 'city-s' || g, '城市街道' || g, '', 1, g from generate_series(1, $2) g`,
    [districtId, s.streets],
  );
  await q(
    `update areas c set path = p.path || c.id || '/', depth = p.depth + 1 from areas p
      where p.id = c.parent_id and c.code like 'city-s%'`,
  );
  await q(
    `insert into areas (parent_id, level, code, name, path, depth, sort)
     select st.id, 'community', st.code || '-c' || g, st.name || '第' || g || '社区', '', 0, g
       from areas st cross join generate_series(1, $1) g where st.code like 'city-s%' and st.level = 'street'`,
    [s.communitiesPerStreet],
  );
  await q(
    `update areas c set path = p.path || c.id || '/', depth = p.depth + 1 from areas p
      where p.id = c.parent_id and c.code like 'city-s%' and c.level = 'community'`,
  );
  await q(
    `insert into areas (parent_id, level, code, name, path, depth, sort)
     select c.id, 'building', c.code || '-b' || g, g || '号楼', '', 0, g
       from areas c cross join generate_series(1, $1) g where c.code like 'city-s%' and c.level = 'community'`,
    [s.buildingsPerCommunity],
  );
  await q(
    `update areas c set path = p.path || c.id || '/', depth = p.depth + 1 from areas p
      where p.id = c.parent_id and c.code like 'city-s%' and c.level = 'building'`,
  );
  // The new nodes as arrays: row i picks node i mod n by subscript, with no join per row.
  const { rows: nodes } = await q(
    `select array_agg(id order by id) filter (where level = 'building') as b,
            array_agg(id order by id) filter (where level = 'community') as c
       from areas where code like 'city-s%'`,
  );
  const { b: buildings, c: communities } = nodes[0] as { b: number[]; c: number[] };
  const b = buildings.length;
  const c = communities.length;

  await q(
    `insert into units (area_id, name, credit_code, type, address, contact_name, contact_phone)
     select ($2::int[])[1 + g % $3], '城市' || ${nameOf('g')} || '科技有限公司' || g, '91CITY' || lpad(g::text, 12, '0'),
            (array['soe','private','agency','social_org'])[1 + g % 4], '城市路' || g || '号',
            ${nameOf('g + 5000000')}, '021' || lpad(g::text, 8, '0')
       from generate_series(1, $1) g`,
    [s.units, communities, c],
  );
  const { rows: unitRange } = await q(
    `select min(id)::int as lo, max(id)::int as hi from units where credit_code like '91CITY%'`,
  );
  const units = unitRange[0] as { lo: number; hi: number };

  // Members: one in four works for one of the new units; categories as the demo's dictionary.
  await q(
    `insert into members (area_id, name, gender, birth_date, phone, id_number, join_date, unit_id, category)
     select ($2::int[])[1 + g % $3], ${nameOf('g')}, case when g % 2 = 0 then 'male' else 'female' end,
            date '1950-01-01' + (g % 20000), '139' || lpad(g::text, 8, '0'),
            '9' || lpad(g::text, 16, '0') || 'X', date '1990-01-01' + (g % 10000),
            case when g % 4 = 0 then $4::int + (g % ($5::int - $4::int + 1)) end,
            (array['on_duty','retired','flow_in','flow_out','unemployed','student','other'])[1 + g % 7]
       from generate_series(1, $1) g`,
    [s.members, buildings, b, units.lo, units.hi],
  );
  await q(
    `insert into residents (area_id, name, gender, phone, id_number, address)
     select ($2::int[])[1 + g % $3], ${nameOf('g + 3000000')}, case when g % 2 = 0 then 'female' else 'male' end,
            '138' || lpad(g::text, 8, '0'), '8' || lpad(g::text, 16, '0') || 'X', g || '室'
       from generate_series(1, $1) g`,
    [s.residents, buildings, b],
  );

  // Appointments: the first members of the city, each a second secretary in a community with a
  // new unit as its sending unit; they reuse one of the demo's kinds and organisations.
  const { rows: refs } = await q(
    `select (select id from appointment_kinds where area_id = $1 order by id limit 1) as kind,
            (select id from party_orgs order by id limit 1) as org,
            (select id from accounts where role = 'district_admin' order by id limit 1) as account,
            (select min(id) from members where id_number like '9%') as first_member`,
    [districtId],
  );
  const r = refs[0] as { kind: number; org: number; account: number; first_member: number };
  await q(
    `insert into appointments (kind_id, member_id, sending_unit_id, receiving_org_id, area_id, term_start, status)
     select $1, $2::int + g, $3::int + (g % ($4::int - $3::int + 1)), $5, ($7::int[])[1 + g % $8], date '2026-01-01', 'active'
       from generate_series(0, $6 - 1) g`,
    [r.kind, r.first_member, units.lo, units.hi, r.org, s.appointments, communities, c],
  );
  // Logs spread over two quarters (2026-01-01 … 2026-06-29); every fifth a visit to a unit,
  // every seventh an activity; demand categories on some visits.
  await q(
    `insert into work_logs (appointment_id, area_id, kind, occurred_at, content, target_type, target_unit_id,
                            demand_categories, activity_type, activity_role, status, recorded_by, recorded_by_name,
                            recorded_by_role)
     select a.id, a.area_id, k.kind, timestamptz '2026-01-01 09:00+08' + ((a.id * 31 + g * 7) % 180) * interval '1 day',
            '走访' || ${nameOf('a.id * 100 + g')} || '家，了解诉求第' || g || '项',
            case when k.kind = 'visit' then (array['unit','two_new_org'])[1 + g % 2] end,
            case when k.kind = 'visit' then a.sending_unit_id end,
            case when k.kind = 'visit' and g % 3 = 0 then array['employment']
                 when k.kind = 'visit' and g % 3 = 1 then array['elderly_care','medical'] else '{}'::text[] end,
            case when k.kind = 'activity' then (array['theme_party_day','joint_study','volunteer_service'])[1 + g % 3] end,
            case when k.kind = 'activity' then 'led' end,
            (array['pending','confirmed','confirmed','confirmed'])[1 + g % 4], $2, '区管理员', 'district_admin'
       from appointments a cross join generate_series(1, $1) g
       cross join lateral (select case when g % 5 = 0 then 'visit' when g % 7 = 0 then 'activity' else 'contact' end as kind) k
      where a.member_id >= $3`,
    [s.logsPerAppointment, r.account, r.first_member],
  );
  for (const ix of indexes as { def: string }[]) await q(ix.def);
  await q('commit');
}

const BULK_TABLES = ['members', 'residents', 'units', 'work_logs'];
