/**
 * 问答机器人 (manual 4.4) through the built portal against the real robot, which indexes the
 * seeded cq catalog from the catalog's events: 交通运输事项有哪些 lists transport items whose
 * names lead to their 办事指南; 我的办件进度 points to 进度查询; nonsense is answered plainly with
 * 我要咨询; the conversation stays on the page with JavaScript (newest last, the focus in the
 * input) and is a GET form without it; the example questions; the keyboard alone; phone width in
 * 大字 mode.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { follow, overflow } from './support/catalog';
import { PHONE, startHall } from './support/hall';

const hall = await startHall(t, { catalog: { seed: ['cq'] }, assistant: {} });

// The robot learns the catalog from its events: wait until it knows the transport items.
const deadline = Date.now() + 60_000;
for (;;) {
  const res = await fetch(`${hall.assistantUrl}/stations/cq/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: '道路货物运输经营许可' }),
  });
  const body = (await res.json()) as { items?: Array<{ name: string }> };
  if (body.items?.some((i) => i.name === '道路货物运输经营许可')) break;
  if (Date.now() > deadline) throw new Error(`the robot did not index the catalog in time`);
  await new Promise((r) => setTimeout(r, 500));
}

/** The exchanges of the conversation as shown: question and answer text. */
async function conversation(page: Page): Promise<Array<{ question: string; answer: string }>> {
  return page.locator('[role="log"] .exchange').evaluateAll((items) =>
    items.map((li) => ({
      question: li.querySelector('.user .question')?.textContent?.trim() ?? '',
      answer: (li.querySelector('.robot') as HTMLElement | null)?.innerText ?? '',
    })),
  );
}

async function send(page: Page, question: string, count: number): Promise<void> {
  await page.getByLabel('您的问题').fill(question);
  await page.getByRole('button', { name: '发送' }).click();
  await page
    .locator('[role="log"] .exchange')
    .nth(count - 1)
    .waitFor();
}

t.test(
  'a conversation with JavaScript: items, progress, unknown; names lead to guides',
  async (t) => {
    const page = await hall.newPage();
    await hall.goto(page, '/cq');
    await follow(page, () =>
      page.getByRole('list', { name: '我要问' }).getByRole('link', { name: '问答机器人' }).click(),
    );
    t.equal(await page.locator('h1').innerText(), '问答机器人');
    const log = page.getByRole('log');
    t.equal(await log.getAttribute('aria-live'), 'polite');

    await send(page, '交通运输事项有哪些', 1);
    let said = await conversation(page);
    t.equal(said[0]!.question, '交通运输事项有哪些');
    const links = await log.locator('.exchange').nth(0).locator('a.item-name').allInnerTexts();
    t.ok(links.includes('道路货物运输经营许可'), `transport items listed: ${links.join('、')}`);
    t.equal(
      await page.evaluate(() => document.activeElement?.id),
      'f-q',
      'the focus stays in the input',
    );
    t.equal(await page.getByLabel('您的问题').inputValue(), '', 'the input is cleared');
    t.equal(new URL(page.url()).search, '', 'the page stayed');

    await send(page, '我的办件进度', 2);
    said = await conversation(page);
    t.equal(said.length, 2);
    t.equal(said[1]!.question, '我的办件进度', 'the newest is last');
    const progress = log.locator('.exchange').nth(1).getByRole('link', { name: '进度查询' });
    t.equal(await progress.getAttribute('href'), '/cq/progress');

    await send(page, '火星上的天气怎么样呢', 3);
    const unknown = log.locator('.exchange').nth(2);
    t.equal(await unknown.locator('a.item-name').count(), 0, 'no items for nonsense');
    t.equal(
      await unknown.getByRole('link', { name: '我要咨询' }).getAttribute('href'),
      '/cq/ask/consultation',
    );
    t.equal(await unknown.getByRole('link', { name: '常见问题' }).getAttribute('href'), '/cq/faqs');
    t.equal(
      await page.locator('[role="log"] .exchange').count(),
      3,
      'the whole conversation stays',
    );

    // An item name is a link to its 办事指南.
    await follow(page, () =>
      log.locator('.exchange').nth(0).getByRole('link', { name: '道路货物运输经营许可' }).click(),
    );
    t.match(page.url(), /\/cq\/items\/[0-9a-f-]{36}$/);
    t.equal(await page.locator('h1').innerText(), '道路货物运输经营许可');
  },
);

t.test('an example question as a button: the materials, line by line', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/ask/robot');
  await page.getByRole('button', { name: '教师资格认定需要什么材料' }).click();
  await page.locator('[role="log"] .exchange').first().waitFor();
  const exchange = page.locator('[role="log"] .exchange').first();
  t.equal(await exchange.locator('.question').innerText(), '教师资格认定需要什么材料');
  t.match(await exchange.locator('a.item-name').first().innerText(), /教师资格认定/);
  t.ok((await exchange.locator('.detail p').count()) >= 1, 'the materials as lines');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-q');
});

t.test('without JavaScript: a GET form showing the question and the answer', async (t) => {
  const page = await hall.newPage({ javaScriptEnabled: false });
  await hall.goto(page, '/cq/ask/robot');
  await page.getByLabel('您的问题').fill('交通运输事项有哪些');
  await Promise.all([
    page.waitForURL(/\/cq\/ask\/robot\?q=/),
    page.getByRole('button', { name: '发送' }).click(),
  ]);
  t.equal(new URL(page.url()).searchParams.get('q'), '交通运输事项有哪些');
  const said = await conversation(page);
  t.equal(said.length, 1);
  t.equal(said[0]!.question, '交通运输事项有哪些');
  t.ok(
    await page.getByRole('link', { name: '道路货物运输经营许可' }).count(),
    'the item is a link',
  );
  // An example works as a GET too.
  await Promise.all([
    page.waitForURL(/q=/),
    page.getByRole('button', { name: '我的办件进度' }).click(),
  ]);
  t.equal(new URL(page.url()).searchParams.get('q'), '我的办件进度');
  t.equal(
    await page.getByRole('log').getByRole('link', { name: '进度查询' }).getAttribute('href'),
    '/cq/progress',
  );
  // An empty question is told, not sent.
  await hall.goto(page, '/cq/ask/robot?q=');
  t.match(await page.getByRole('log').innerText(), /请输入您的问题/);
});

t.test('the keyboard alone: ask, then follow an item to its guide', async (t) => {
  const page = await hall.newPage();
  await hall.goto(page, '/cq/ask/robot');
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(() => document.activeElement?.id === 'f-q')) break;
    await page.keyboard.press('Tab');
  }
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-q');
  await page.keyboard.type('道路货物运输经营许可需要什么材料');
  await page.keyboard.press('Enter');
  await page.locator('[role="log"] .exchange').first().waitFor();
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-q', 'ready for the next');
  // Shift+Tab goes back up into the answer: its last link first, so walk to the item name.
  for (let i = 0; i < 30; i++) {
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (text === '道路货物运输经营许可') break;
    await page.keyboard.press('Shift+Tab');
  }
  await follow(page, () => page.keyboard.press('Enter'));
  t.equal(await page.locator('h1').innerText(), '道路货物运输经营许可');
});

t.test('phone width in 大字 mode: the conversation fits', async (t) => {
  const page = await hall.newPage({ viewport: PHONE });
  await page.context().addCookies([{ name: 'hall_elder', value: '1', url: hall.url }]);
  await hall.goto(page, '/cq/ask/robot');
  t.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
  await send(page, '交通运输事项有哪些', 1);
  t.equal(await overflow(page), 0);
});
