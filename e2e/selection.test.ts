import { addDays, localDate } from '@gongjian/common';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, modal, row, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD } from './fixture.ts';

/** A 24×24 PNG (red square): evidence must be a real image, the server sniffs the bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR42mPYrKZLFcQwatCoQaMGjRo0atCoQQNvEADclk2fEGxUOQAAAABJRU5ErkJggg==',
  'base64',
);

const PROGRAMME = '2026年长兴镇第二书记选派工作方案';
const BATCH = '长兴镇第二书记第一批';

/** Pick an option of a searchable select inside a form item, typing to find it (lists are virtual). */
async function pick(page: Page, scope: Locator, label: string, option: string) {
  const select = formItem(scope, label).locator('.ant-select');
  // A remote search re-renders its options while they arrive: a click can land on an option
  // that is being replaced and pick nothing. Check the choice took, and try again if not.
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    await page.keyboard.type(option);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
    if ((await select.innerText()).includes(option)) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not pick ${option} in ${label}`);
}

/** Type a date into an antd DatePicker inside a form item. */
async function typeDate(scope: Locator, label: string, day: string) {
  const input = formItem(scope, label).locator('input');
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

describe('选派: a batch from nomination to appointment, then the appointee’s work log', () => {
  const desk = useDesk();
  // "Today" where the district is: the notice period must be over before the batch is appointed.
  const today = localDate(new Date());

  beforeAll(async () => {
    // The programme is set up through the API; the batch itself is run in the desk.
    const api = new ApiClient(inject('baseUrl'));
    await api.login(ACCOUNTS.street_admin.username, E2E_PASSWORD);
    const kinds = await api.call<{ data: { id: number; code: string }[] }>('GET', '/appointment-kinds');
    const second = kinds.data.find((k) => k.code === 'second_secretary');
    await api.call('POST', '/work-programmes', {
      areaId: inject('fixture').changxingId,
      kindId: second?.id,
      year: 2026,
      title: PROGRAMME,
      scopeText: '驻镇央企、国企中居住在本镇村居的职工党员',
      conditionsText: '居住在接收村居；为派出单位在职职工',
      conditions: [{ type: 'lives_in_receiving_community' }, { type: 'employee_of_sending_unit' }],
      dutiesText: '落实“五个一”工作任务',
    });
  });

  it('runs nominate → qualification check → review → notice → appoint in the admin desk', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/programmes');
    await tableSettled(page);
    // The structured conditions read as words.
    expect(await row(page, PROGRAMME).innerText()).toContain('是派出单位职工');
    await row(page, PROGRAMME).getByRole('button', { name: '编辑' }).click();
    await modal(page).getByTestId('conditions').waitFor();
    await shot(page, 'programme-edit');
    await modal(page).getByRole('button', { name: '取消' }).click();

    await page.goto('/batches');
    await tableSettled(page);
    await page.getByRole('button', { name: '新建' }).click();
    const create = modal(page);
    await formItem(create, '标题').locator('input').fill(BATCH);
    await pick(page, create, '工作方案', PROGRAMME);
    await create.getByRole('button', { name: '保存' }).click();
    await create.waitFor({ state: 'hidden' });
    await row(page, BATCH).getByRole('button', { name: '办理' }).click();
    const drawer = page.getByTestId('batch-workbench');
    await drawer.getByText('还没有推荐人选').waitFor();

    // Nominate two: 刘建华 works for the unit; 郑国平 works for the school and will fail.
    for (const name of ['刘建华', '郑国平']) {
      await drawer.getByRole('button', { name: '推荐人选' }).click();
      const dialog = modal(page);
      await pick(page, dialog, '任职人', name);
      await pick(page, dialog, '派出单位', '上海振华重工长兴基地');
      await pick(page, dialog, '接收组织', '潘园社区党总支');
      await dialog.getByRole('button', { name: '确定' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row(drawer, name).waitFor();
    }
    // Before the check, and only then, a candidate reads 尚未审查.
    for (const name of ['刘建华', '郑国平'])
      expect(await row(drawer, name).innerText()).toContain('尚未审查');
    await shot(page, 'batch-nominated');

    await drawer.getByRole('button', { name: '资格审查' }).click();
    await expect.poll(() => row(drawer, '郑国平').innerText()).toContain('资格不符');
    // Each condition's result, with the reason for the failure.
    expect(await row(drawer, '郑国平').innerText()).toContain(
      '工作单位为「长兴镇中心小学」，不是派出单位「上海振华重工长兴基地」',
    );
    expect(await row(drawer, '刘建华').innerText()).toContain('资格符合');
    expect(await row(drawer, '刘建华').innerText()).toContain('工作单位为派出单位「上海振华重工长兴基地」');
    await shot(page, 'batch-checked');

    await drawer.getByRole('button', { name: '提交审核' }).click();
    await row(drawer, '刘建华').getByRole('button', { name: '通过', exact: true }).waitFor();
    // Publishing before every qualified candidate is decided is refused with the server's reason.
    await drawer.getByRole('button', { name: '发布公示' }).click();
    let dialog = modal(page);
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => dialog.getByTestId('refusal').innerText()).toMatch(/审核/);
    await shot(page, 'batch-refused');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await row(drawer, '刘建华').getByRole('button', { name: '通过', exact: true }).click();
    await expect.poll(() => row(drawer, '刘建华').innerText()).toContain('审核通过');

    // A notice period that is already over, so the batch can be appointed today.
    await drawer.getByRole('button', { name: '发布公示' }).click();
    dialog = modal(page);
    await typeDate(dialog, '公示开始', addDays(today, -10));
    await typeDate(dialog, '公示结束', addDays(today, -3));
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await drawer
      .getByText(`${addDays(today, -10)} ~ ${addDays(today, -3)}`)
      .first()
      .waitFor();

    await drawer.getByRole('button', { name: '任命' }).click();
    dialog = modal(page);
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row(drawer, '刘建华').innerText()).toContain('已任命');
    await page
      .locator('.ant-drawer', { hasText: BATCH })
      .locator('.ant-tag', { hasText: '已任命' })
      .first()
      .waitFor();
    // The appointed candidate still shows what the check found: the record of every step stays.
    expect(await row(drawer, '刘建华').innerText()).toContain('工作单位为派出单位「上海振华重工长兴基地」');
    expect(await row(drawer, '刘建华').innerText()).not.toContain('尚未审查');
    await shot(page, 'batch-appointed');
    await page.locator('.ant-drawer-close').click();

    await page.goto('/appointments');
    await tableSettled(page);
    await expect.poll(() => row(page, '刘建华').innerText()).toContain('在任');
    expect(await row(page, '刘建华').innerText()).toContain('第二书记');
    await shot(page, 'appointments');
  });

  it('never reads 尚未审查 past the check, also for a programme without structured conditions', async () => {
    const api = new ApiClient(inject('baseUrl'));
    await api.login(ACCOUNTS.street_admin.username, E2E_PASSWORD);
    const find = async (path: string, name: string) => {
      const res = await api.call<{ data: { id: number; name: string }[] }>(
        'GET',
        `${path}?q=${encodeURIComponent(name)}`,
      );
      const hit = res.data.find((r) => r.name === name);
      if (!hit) throw new Error(`${name} not found at ${path}`);
      return hit.id;
    };
    const kinds = await api.call<{ data: { id: number; code: string }[] }>('GET', '/appointment-kinds');
    const programme = await api.call<{ id: number }>('POST', '/work-programmes', {
      areaId: inject('fixture').changxingId,
      kindId: kinds.data.find((k) => k.code === 'second_secretary')?.id,
      year: 2027,
      title: '2027年长兴镇第二书记选派（条件另行审核）',
      conditions: [],
    });
    const title = '长兴镇第二书记 2027 第一批';
    const batch = await api.call<{ id: number }>('POST', '/batches', { programmeId: programme.id, title });
    await api.call('POST', `/batches/${batch.id}/candidates`, {
      memberId: await find('/members', '林芳'),
      sendingUnitId: await find('/units', '上海振华重工长兴基地'),
      receivingOrgId: await find('/orgs', '潘园社区党总支'),
    });
    await api.call('POST', `/batches/${batch.id}/check`, {});

    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/batches');
    await tableSettled(page);
    await row(page, title).getByRole('button', { name: '办理' }).click();
    const drawer = page.getByTestId('batch-workbench');
    await expect.poll(() => row(drawer, '林芳').innerText()).toContain('资格符合');
    // No condition to list: the column says the check passed, not that it has not happened.
    expect(await row(drawer, '林芳').innerText()).toContain('工作方案未设结构化条件，审查通过');
    expect(await row(drawer, '林芳').innerText()).not.toContain('尚未审查');
    await shot(page, 'batch-checked-no-conditions');
  });

  it('lets the appointee record a contact on a phone and see it pending', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await signIn(page, 'member');
    // Appointed now, the member's phone opens on 我的任职.
    await page.waitForURL(/\/my-duty$/);
    await page.getByText('潘园社区党总支').first().waitFor();
    await shot(page, 'phone-my-duty-before');
    await page.getByRole('button', { name: '记一笔' }).click();
    await page.waitForURL(/\/record$/);
    await page.locator('.gj-kind-grid').first().waitFor();
    // Large touch targets: each kind button is at least 44 px tall.
    const box = await page.locator('.gj-kind-grid .ant-radio-button-wrapper').first().boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    await page.locator('.ant-radio-button-wrapper', { hasText: '联系村居' }).click();
    await formItem(page, '地点').locator('input').fill('潘园社区党群服务站');
    await formItem(page, '内容').locator('textarea').fill('与社区书记对接本季度“五个一”工作安排');
    await page
      .locator('input[type=file][capture=environment]')
      .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-upload-list-item').first().waitFor();
    await shot(page, 'phone-record');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/my-duty$/);
    const mine = page.locator('.gj-log-item', { hasText: '联系村居' });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('待确认');
    await mine.locator('.ant-image img').waitFor();
    // Nothing spills sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-my-duty');
  });

  it('lets the community admin confirm the log, with the photo shown', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await page.goto('/work-logs');
    await tableSettled(page);
    const log = row(page, '与社区书记对接');
    await expect.poll(() => log.innerText()).toContain('待确认');
    await log.locator('.ant-image img').waitFor();
    await shot(page, 'work-logs');
    await log.getByRole('button', { name: '确认' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => log.innerText()).toContain('已确认');
    await shot(page, 'work-logs-confirmed');
  });

  it('replaces the appointee with a reason and shows the succession, nothing deleted', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/appointments');
    await tableSettled(page);
    await row(page, '刘建华').getByRole('button', { name: '调整' }).click();
    const dialog = modal(page);
    await typeDate(dialog, '离任日期', today);
    await pick(page, dialog, '接任人', '孙丽');
    await formItem(dialog, '原因').locator('textarea').fill('工作调动，由孙丽接任');
    await shot(page, 'appointment-replace');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row(page, '刘建华').innerText()).toContain('已调整替换');
    await expect.poll(() => row(page, '孙丽').innerText()).toContain('在任');
    await row(page, '孙丽').getByRole('button', { name: '查看' }).click();
    const history = page.getByTestId('appointment-history');
    await expect.poll(() => history.innerText()).toContain('工作调动，由孙丽接任');
    expect(await history.innerText()).toContain('刘建华');
    await shot(page, 'appointment-history');
  });
});
