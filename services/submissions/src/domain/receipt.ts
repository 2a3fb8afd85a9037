import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { maskCreditCode, maskIdCardNumber, maskMobile } from '@hall/platform/validation';
import type { Executor } from '@hall/platform';
import type { SubmissionsConfig } from '../config';
import type { ApplicationRow } from './events';
import type { ItemSnapshot, ItemVersions } from './items';
import { ID_TYPES, NECESSITY_LABELS, PROVISION_LABELS, STATE_LABELS } from './labels';
import type { Basic } from './model';
import { openBasic } from './personal';
import type { PersonalDataCipher } from '@hall/platform';
import { findStation, type StationInfo } from './stations';
import type { Viewer } from './view';
import type { ReceiptView, SubmittedReceipt } from './view-schemas';

/**
 * The portal's 进度查询 of the application's station, filled in for this application; the
 * password only for its applicant.
 */
export function progressUrl(
  portal: string,
  station: string,
  serial: string,
  password: string | null,
): string {
  const url = new URL(`/${encodeURIComponent(station)}/progress`, portal);
  url.searchParams.set('serial', serial);
  if (password) url.searchParams.set('password', password);
  return url.toString();
}

/** 申报告知单: what the applicant prints after submitting (staff of the station may read it too). */
export async function receiptView(
  tx: Executor,
  deps: ReceiptDeps,
  row: ApplicationRow,
  viewer: Viewer,
): Promise<ReceiptView> {
  const [item, station] = await Promise.all([
    deps.itemVersions.load(tx, row.station, row.itemId, row.itemVersion),
    findStation(tx, row.station),
  ]);
  const receipt = buildReceipt(deps, row, item, station, viewer);
  // A fixed mask pattern: every reader decodes all eight, and searching for the one with the
  // fewest penalty points cost four times the rest of the encoding (0.4 of 0.55 ms a receipt).
  const svg = await QRCode.toString(receipt.progressUrl, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 1,
    maskPattern: 0,
  });
  return { ...receipt, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

type ReceiptDeps = {
  cipher: PersonalDataCipher;
  config: SubmissionsConfig;
  itemVersions: ItemVersions;
};

/** The row's sealed facts a receipt shows, when the caller has them in plain text already. */
export interface ReceiptPlain {
  basic: Basic;
  queryPassword: string;
}

/**
 * The receipt's facts from what the caller has read already (submit has the item, the station
 * and the plain text of what it sealed).
 */
export function buildReceipt(
  deps: ReceiptDeps,
  row: ApplicationRow,
  item: ItemSnapshot,
  station: StationInfo | null,
  viewer: Viewer,
  plain?: ReceiptPlain,
): SubmittedReceipt {
  const basic = plain?.basic ?? openBasic(deps.cipher, row.basic);
  const password =
    viewer.kind !== 'applicant' || !row.queryPassword
      ? null
      : (plain?.queryPassword ?? deps.cipher.open(row.queryPassword));
  const serial = row.serial ?? '';
  const url = progressUrl(deps.config.PORTAL_PUBLIC_URL, row.station, serial, password);
  const byId = new Map(row.materials.map((p) => [p.materialId, p]));
  const idType = ID_TYPES[row.applicantKind];
  return {
    applicationId: row.id,
    serial,
    queryPassword: password,
    station: row.station,
    stationName: station?.name ?? row.station,
    itemName: row.itemName,
    departmentName: row.departmentName,
    applicant: {
      kind: row.applicantKind,
      name: basic.name ?? '',
      idType: idType.code,
      idTypeLabel: idType.label,
      // A printed page lies around: the receipt never shows the numbers in full.
      idNumberMasked:
        row.applicantKind === 'unit'
          ? maskCreditCode(basic.idNumber)
          : maskIdCardNumber(basic.idNumber),
      contactName: basic.contactName ?? '',
      mobileMasked: maskMobile(basic.mobile),
      address: basic.address ?? '',
    },
    submittedAt: (row.submittedAt ?? row.updatedAt).toISOString(),
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    materials: item.materials.map((m) => {
      const p = byId.get(m.id);
      return {
        name: m.name,
        necessity: m.necessity,
        necessityLabel: NECESSITY_LABELS[m.necessity],
        collection: m.collection,
        provision: p?.provision ?? null,
        provisionLabel: p ? PROVISION_LABELS[p.provision] : PROVISION_LABELS.none,
        files: p?.files.map((f) => f.name) ?? [],
      };
    }),
    progressUrl: url,
  };
}

function shanghaiTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** The receipt as an A4 PDF with a CJK font and the QR code. */
export async function receiptPdf(receipt: ReceiptView, config: SubmissionsConfig): Promise<Buffer> {
  const qr = await QRCode.toBuffer(receipt.progressUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `申报告知单 ${receipt.serial}`,
      Subject: receipt.itemName,
      Creator: '网上行政审批大厅',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', config.RECEIPT_FONT_PATH, config.RECEIPT_FONT_NAME);
  doc.font('cjk');

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.fontSize(20).text('申报告知单', { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(10).fillColor('#555').text(receipt.stationName, { align: 'center' });
  doc.fillColor('#000').moveDown(1);

  const top = doc.y;
  doc.image(qr, left + width - 110, top, { width: 110 });
  doc.fontSize(9).text('扫码查询办理进度', left + width - 110, top + 114, {
    width: 110,
    align: 'center',
  });
  doc.y = top;
  const line = (label: string, value: string) => {
    doc.fontSize(11).text(`${label}：${value}`, left, doc.y, { width: width - 130 });
    doc.moveDown(0.3);
  };
  line('申办流水号', receipt.serial);
  if (receipt.queryPassword) line('查询密码', receipt.queryPassword);
  line('事项名称', receipt.itemName);
  line('受理部门', receipt.departmentName);
  line(receipt.applicant.kind === 'unit' ? '申请单位' : '申请人', receipt.applicant.name);
  line(receipt.applicant.idTypeLabel, receipt.applicant.idNumberMasked);
  line('联系人', receipt.applicant.contactName);
  line('手机号码', receipt.applicant.mobileMasked);
  line('联系地址', receipt.applicant.address);
  line('申报时间', shanghaiTime(receipt.submittedAt));
  line('办理状态', receipt.stateLabel);
  doc.y = Math.max(doc.y, top + 140);

  doc.moveDown(1).fontSize(13).text('申报材料', left);
  doc.moveDown(0.3);
  receipt.materials.forEach((m, i) => {
    const files = m.files.length > 0 ? `（${m.files.join('、')}）` : '';
    doc
      .fontSize(10)
      .text(`${i + 1}. ${m.name} [${m.necessityLabel}] ${m.provisionLabel}${files}`, left, doc.y, {
        width,
      });
    doc.moveDown(0.2);
  });
  doc.moveDown(1);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(
      '凭申办流水号和申请人（申请单位）名称或查询密码，可在网上行政审批大厅【进度查询】中查询办理进度。容缺后补和窗口提交的材料，请在受理时携带至办事窗口。',
      left,
      doc.y,
      { width },
    );
  doc.end();
  return done;
}
