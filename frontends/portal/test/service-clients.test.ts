/**
 * `MaterialsClient` and `SubmissionsClient` of @hall/web/server (what the portal's 在线申报 pages
 * call) against the real services: a multipart body streamed through to an upload, 资料库,
 * signed downloads, drafts with If-Match, submit's field errors, 进度查询; every failure a
 * `ProblemError` (the service's own, or 503 `unavailable` when it cannot be reached or is not
 * configured); and the MATERIALS_URL / SUBMISSIONS_URL settings.
 */
import t from 'tap';
import { ProblemError } from '@hall/web';
import {
  ConfigError,
  createFrontendServices,
  loadConfig,
  MaterialsClient,
  SubmissionsClient,
} from '@hall/web/server';
import {
  callIdentity,
  startCatalog,
  startIdentity,
  startMaterials,
  startSubmissions,
} from '@hall/web/testing';
import { newPerson } from './support/data';
import { newStaffToken, pdfBytes, PNG_BYTES, publishTestItem } from './support/apply';

const identity = await startIdentity(t, 'portal_clients');
const catalog = await startCatalog(t, 'portal_clients', identity, { seed: ['cq'] });
const materialsService = await startMaterials(t, 'portal_clients', identity);
const submissionsService = await startSubmissions(t, 'portal_clients', identity, {
  portalUrl: 'http://127.0.0.1:3000',
});
const api = <T>(method: string, path: string, body?: unknown, token?: string) =>
  callIdentity<T>(identity.url, method, path, body, token);

const materials = new MaterialsClient(`${materialsService.url}/`);
const submissions = new SubmissionsClient(submissionsService.url);
const editor = await newStaffToken(api, 'cq', ['editor']);
const item = await publishTestItem(catalog.url, editor, 'cq', { noForm: true });

async function signedIn(): Promise<{ token: string; person: ReturnType<typeof newPerson> }> {
  const person = newPerson();
  await api('POST', '/accounts/person', person);
  const { accessToken } = await api<{ accessToken: string }>('POST', '/sessions', {
    username: person.username,
    password: person.password,
  });
  return { token: accessToken, person };
}

async function problem(call: Promise<unknown>): Promise<ProblemError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ProblemError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

/** A browser-like multipart body (one part `file`) as a stream with its content type. */
function multipart(name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice()]), name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: request.body!, contentType: request.headers.get('content-type')! };
}

const alice = await signedIn();
const bob = await signedIn();

t.test(
  'uploads stream through; 资料库 lists, renames, deletes; downloads are signed',
  async (t) => {
    const ctx = { token: alice.token, ip: '203.0.113.7' };
    const file = await materials.upload(multipart('租赁合同.pdf', pdfBytes('lease')), null, ctx);
    t.equal(file.name, '租赁合同.pdf');
    t.equal(file.extension, 'pdf');
    t.equal(file.mediaType, 'application/pdf');
    const library = await materials.library({ q: '租赁' }, ctx);
    t.same(
      library.items.map((f) => f.id),
      [file.id],
    );
    t.ok(library.usedBytes >= file.size && library.quotaBytes > library.usedBytes);
    t.equal((await materials.rename(file.id, '房屋租赁合同', ctx)).name, '房屋租赁合同.pdf');
    const download = await materials.download(file.id, ctx);
    t.equal(download.contentType, 'application/pdf');
    t.match(download.contentDisposition ?? '', /attachment/);
    t.same(new Uint8Array(await new Response(download.body).arrayBuffer()), pdfBytes('lease'));
    // Another account's file is not there; a deleted one leaves 资料库.
    t.equal((await problem(materials.file(file.id, { token: bob.token }))).status, 404);
    t.equal((await problem(materials.download(file.id, { token: bob.token }))).status, 404);
    await materials.remove(file.id, ctx);
    t.equal((await materials.library({}, ctx)).total, 0);
  },
);

t.test('an upload for a material: its types apply, the refusal is the service’s', async (t) => {
  const target = { station: 'cq', item: item.id, version: 0, material: item.m.deferrable };
  const refused = await problem(
    materials.upload(multipart('场地证明.png', PNG_BYTES), target, { token: alice.token }),
  );
  t.equal(refused.status, 415, 'a png for a pdf-only material');
  t.equal(refused.code, 'file_type_not_allowed');
  const disguised = await problem(
    materials.upload(multipart('场地证明.pdf', PNG_BYTES), null, { token: alice.token }),
  );
  t.equal(disguised.code, 'file_type_mismatch');
  t.match(
    disguised.problem.title + JSON.stringify(disguised.problem.errors ?? []),
    /场地证明\.pdf/,
  );
});

t.test('drafts, If-Match, submit’s field errors, the receipt, 进度查询', async (t) => {
  const ctx = { token: alice.token };
  const draft = await submissions.createDraft('cq', item.id, ctx);
  t.equal(draft.state, 'draft');
  t.equal(draft.item.id, item.id);
  t.equal(draft.item.materials.length, 4);
  const saved = await submissions.save(
    draft.id,
    draft.revision,
    { step: 'basic', basic: { contactName: alice.person.realName } },
    ctx,
  );
  t.ok(saved.revision > draft.revision);
  const stale = await problem(submissions.save(draft.id, draft.revision, { step: 'form' }, ctx));
  t.equal(stale.status, 409);
  t.equal(stale.code, 'edit_conflict');
  const invalid = await problem(submissions.submit(draft.id, saved.revision, ctx));
  t.equal(invalid.status, 400);
  const fields = (invalid.problem.errors ?? []).map((e) => e.field);
  t.ok(fields.includes('basic/name'), 'basic/name');
  t.ok(fields.includes(`materials/${item.m.required}`), 'the 必要 material');
  t.equal((await problem(submissions.get(draft.id, { token: bob.token }))).status, 404);

  const file = await materials.upload(multipart('身份证.pdf', pdfBytes('id')), null, ctx);
  const ready = await submissions.save(
    draft.id,
    saved.revision,
    {
      basic: {
        name: alice.person.realName,
        idNumber: alice.person.idNumber,
        mobile: alice.person.mobile,
        address: '重庆市渝中区中山一路1号',
      },
      materials: [
        { materialId: item.m.required, provision: 'upload', fileIds: [file.id] },
        { materialId: item.m.deferrable, provision: 'deferred' },
      ],
    },
    ctx,
  );
  const receipt = await submissions.submit(draft.id, ready.revision, ctx);
  t.match(receipt.serial, /^\d{20}$/);
  t.equal(receipt.progressUrl.startsWith('http://127.0.0.1:3000/cq/progress?'), true);
  const again = await submissions.receipt(draft.id, ctx);
  t.equal(again.serial, receipt.serial);
  t.match(again.qrCode, /^data:image\/svg\+xml/, 'the printed receipt carries the QR code');
  const pdf = await submissions.receiptPdf(draft.id, ctx);
  t.equal(pdf.contentType, 'application/pdf');
  const bytes = new Uint8Array(await new Response(pdf.body).arrayBuffer());
  t.equal(new TextDecoder().decode(bytes.subarray(0, 5)), '%PDF-');

  const list = await submissions.list({ state: 'submitted' }, ctx);
  t.same(
    list.items.map((a) => a.serial),
    [receipt.serial],
  );
  const progress = await submissions.progress(
    { serial: receipt.serial, applicant: alice.person.realName },
    { ip: '198.51.100.1' },
  );
  t.equal(progress.state, 'submitted');
  t.ok(progress.timeline.length >= 1);
  const wrong = await problem(
    submissions.progress({ serial: receipt.serial, applicant: '王五' }, {}),
  );
  const unknown = await problem(
    submissions.progress({ serial: `${receipt.serial.slice(0, 14)}999999`, applicant: '王五' }, {}),
  );
  t.equal(wrong.status, 404);
  t.same(wrong.problem, unknown.problem, 'a mismatch reads as an unknown serial');
});

t.test('unreachable and unconfigured services are 503 unavailable', async (t) => {
  const gone = await problem(new MaterialsClient('http://127.0.0.1:9').library({}, {}));
  t.equal(gone.status, 503);
  t.equal(gone.code, 'unavailable');
  const services = createFrontendServices(
    { IDENTITY_URL: identity.url },
    { app: 'portal', cookiePrefix: 'hall' },
  );
  t.notOk(services.materials.configured);
  t.notOk(services.submissions.configured);
  t.equal((await problem(services.submissions.list({}, {}))).code, 'unavailable');
  t.equal((await problem(services.materials.file('x', {}))).code, 'unavailable');
});

t.test('MATERIALS_URL and SUBMISSIONS_URL are checked at start', async (t) => {
  const base = { IDENTITY_URL: 'http://127.0.0.1:4001' };
  t.same(
    loadConfig(
      {
        ...base,
        MATERIALS_URL: 'http://127.0.0.1:4003/',
        SUBMISSIONS_URL: 'http://127.0.0.1:4004',
      },
      'portal',
    ),
    {
      identityUrl: 'http://127.0.0.1:4001',
      materialsUrl: 'http://127.0.0.1:4003',
      submissionsUrl: 'http://127.0.0.1:4004',
    },
  );
  t.throws(() => loadConfig({ ...base, MATERIALS_URL: 'ftp://files' }, 'portal'), ConfigError);
  t.throws(
    () => loadConfig({ ...base, SUBMISSIONS_URL: 'http://127.0.0.1:4004/?x=1' }, 'portal'),
    ConfigError,
  );
  t.throws(
    () => loadConfig({ ...base, SUBMISSIONS_URL: 'not a url' }, 'portal'),
    /SUBMISSIONS_URL/,
  );
});
