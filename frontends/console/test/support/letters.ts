/**
 * The hall for the 信件 browser tests: identity, the catalog (渝中区's and the municipality's demo
 * departments), the materials service and the letters service in this process (one NATS
 * namespace, fresh databases), the BUILT console against them, and Chromium. The letters
 * service runs on a settable clock, so a test can send a letter "days ago" and find it overdue
 * now. Citizens write through the letters service's public API, as the portal would.
 */
import { startTestHall, type Teardown } from '@hall/web/testing';
import { call, newIdNumber, newMobile, TestClock } from './cases';
import { consoleApp, consoleHall, newUsername, PASSWORD, type Hall } from './hall';

export { call, newMobile, pdfFile, TestClock, waitFor } from './cases';

export interface LettersHall extends Hall {
  catalogUrl: string;
  materialsUrl: string;
  lettersUrl: string;
  /** The letters service's clock. */
  clock: TestClock;
}

/** Everything for one test file; stopped when the test ends. */
export async function startLettersHall(t: Teardown): Promise<LettersHall> {
  const clock = new TestClock();
  const hall = await startTestHall(t, consoleApp, {
    catalog: { seed: ['cq', 'yuzhong'] },
    letters: { now: clock.now },
  });
  return {
    ...consoleHall(hall),
    catalogUrl: hall.catalogUrl!,
    materialsUrl: hall.materialsUrl!,
    lettersUrl: hall.lettersUrl!,
    clock,
  };
}

/** A station's enabled departments, in order, from the catalog's public API. */
export async function departments(
  hall: LettersHall,
  station: string,
): Promise<Array<{ id: string; name: string }>> {
  const res = await fetch(`${hall.catalogUrl}/stations/${station}/departments`);
  if (!res.ok) throw new Error(`departments of ${station}: ${res.status}`);
  return ((await res.json()) as { departments: Array<{ id: string; name: string }> }).departments;
}

/** A staff account of `station` with `roles` (and a department), and a function for its token. */
export async function newStaff(
  hall: LettersHall,
  station: string,
  name: string,
  roles: string[],
  departmentId: string | null = null,
): Promise<{ username: string; password: string; name: string; token(): Promise<string> }> {
  const username = newUsername(roles[0]!.slice(0, 5));
  await hall.createStaff(station, { username, password: PASSWORD, name, roles, departmentId });
  return {
    username,
    password: PASSWORD,
    name,
    token: () => hall.staffToken(username, PASSWORD),
  };
}

/** A signed-in citizen with a token when asked (tokens live 5 minutes). */
export interface Citizen {
  realName: string;
  mobile: string;
  token(): Promise<string>;
}

export async function newCitizen(hall: LettersHall, realName: string): Promise<Citizen> {
  const account = {
    username: newUsername('citizen'),
    password: PASSWORD,
    realName,
    idNumber: newIdNumber(),
    mobile: newMobile(),
  };
  await hall.api('POST', '/accounts/person', account);
  let held: { token: string; at: number } | undefined;
  return {
    realName,
    mobile: account.mobile,
    async token() {
      if (!held || Date.now() - held.at > 4 * 60_000) {
        const { accessToken } = await hall.api<{ accessToken: string }>('POST', '/sessions', {
          username: account.username,
          password: account.password,
        });
        held = { token: accessToken, at: Date.now() };
      }
      return held.token;
    },
  };
}

/** Uploads a file to a citizen's 资料库. */
export async function upload(
  hall: LettersHall,
  token: string,
  name: string,
  bytes: Buffer,
  mediaType: string,
): Promise<{ id: string; name: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: mediaType }), name);
  const res = await fetch(`${hall.materialsUrl}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${text}`);
  return JSON.parse(text) as { id: string; name: string };
}

export interface LetterInput {
  kind: 'consultation' | 'complaint' | 'suggestion';
  departmentId?: string;
  subject: string;
  content: string;
  relatedSerial?: string;
  staffName?: string;
  contactName: string;
  mobile: string;
  publicConsent: boolean;
  fileIds?: string[];
}

export interface SentLetter {
  id: string;
  code: string;
  /** What the writer sent. */
  input: LetterInput;
}

/**
 * A letter through the letters service's public API, as the portal sends it (with a citizen's
 * token when given); `daysAgo` moves the service's clock back for the submission.
 */
export async function sendLetter(
  hall: LettersHall,
  station: string,
  input: LetterInput,
  options: { token?: string; daysAgo?: number } = {},
): Promise<SentLetter> {
  if (options.daysAgo) hall.clock.set(new Date(Date.now() - options.daysAgo * 86_400_000));
  try {
    const res = await fetch(`${hall.lettersUrl}/stations/${station}/letters`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(input),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`letter: ${res.status} ${text}`);
    const receipt = JSON.parse(text) as { id: string; code: string };
    return { id: receipt.id, code: receipt.code, input };
  } finally {
    hall.clock.reset();
  }
}

/** A letter as the desk's API shows it to `token`'s staff member. */
export const deskView = <T = { state: string; revision: number }>(
  hall: LettersHall,
  token: string,
  station: string,
  id: string,
): Promise<T> => call<T>(hall.lettersUrl, 'GET', `/admin/stations/${station}/letters/${id}`, token);

/** A staff action through the letters API, on the letter's current revision. */
export async function deskAct(
  hall: LettersHall,
  token: string,
  station: string,
  id: string,
  action: string,
  body: Record<string, unknown>,
): Promise<{ state: string; revision: number }> {
  const { revision } = await deskView(hall, token, station, id);
  return call(
    hall.lettersUrl,
    'POST',
    `/admin/stations/${station}/letters/${id}/actions/${action}`,
    token,
    body,
    revision,
  );
}

/** The station's published FAQs as the public sees them. */
export async function publicFaqs(
  hall: LettersHall,
  station: string,
): Promise<Array<{ id: string; question: string; answer: string }>> {
  const res = await fetch(`${hall.lettersUrl}/stations/${station}/faqs?pageSize=100`);
  if (!res.ok) throw new Error(`faqs of ${station}: ${res.status}`);
  return ((await res.json()) as { items: Array<{ id: string; question: string; answer: string }> })
    .items;
}
