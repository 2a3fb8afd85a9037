/** The materials that recur across guides, as staff word them. */
import type { SeedMaterial } from './model';

const SCAN = ['pdf', 'jpg', 'jpeg', 'png'];
const DOCS = ['pdf', 'doc', 'docx'];
const IMAGES = ['jpg', 'jpeg', 'png'];

interface Options {
  necessity?: SeedMaterial['necessity'];
  notes?: string;
  fileTypes?: string[];
  maxSizeMb?: number;
  copies?: number;
  /** Also handed in on paper at the window. */
  paper?: boolean;
}

/** A material uploaded online (electronic; paper too when `paper`). */
export function upload(name: string, options: Options = {}): SeedMaterial {
  return {
    name,
    media: options.paper ? ['electronic', 'paper'] : ['electronic'],
    necessity: options.necessity ?? 'required',
    collection: 'upload',
    fileTypes: options.fileTypes ?? SCAN,
    maxSizeMb: options.maxSizeMb ?? 10,
    copies: options.paper ? (options.copies ?? 1) : (options.copies ?? 0),
    notes: options.notes ?? '',
  };
}

/** A paper material handed in at the window (原件核验, 签字原件, …). */
export function atWindow(name: string, options: Options = {}): SeedMaterial {
  return {
    name,
    media: ['paper'],
    necessity: options.necessity ?? 'required',
    collection: 'window',
    fileTypes: [],
    maxSizeMb: 10,
    copies: options.copies ?? 1,
    notes: options.notes ?? '',
  };
}

export const m = {
  idCard: (who = '申请人'): SeedMaterial =>
    upload(`${who}居民身份证`, {
      fileTypes: IMAGES.concat('pdf'),
      maxSizeMb: 5,
      notes: '上传身份证正反面彩色扫描件或照片；已通过实名认证登录的可由系统自动获取',
    }),
  application: (
    title: string,
    notes = '按表格要求如实填写，由申请人签字（单位申请的加盖公章）',
  ): SeedMaterial => upload(title, { fileTypes: DOCS, notes }),
  license: (): SeedMaterial =>
    upload('营业执照（或事业单位法人证书、社会团体法人登记证书）', {
      notes: '通过电子证照库能够获取的免于提交',
    }),
  legalRepId: (): SeedMaterial =>
    upload('法定代表人（负责人）身份证明', { fileTypes: IMAGES.concat('pdf'), maxSizeMb: 5 }),
  authorization: (): SeedMaterial =>
    upload('授权委托书及受托人身份证明', {
      necessity: 'optional',
      notes: '委托他人代为办理的提供，委托书须载明委托事项和权限',
    }),
  photo: (size = '一寸'): SeedMaterial =>
    upload(`近期${size}免冠正面彩色证件照`, {
      fileTypes: ['jpg', 'jpeg'],
      maxSizeMb: 1,
      notes: '白色背景，jpg格式，不小于295×413像素',
    }),
  premises: (): SeedMaterial =>
    upload('经营场所使用证明（产权证明或租赁合同）', {
      notes: '租赁场所须提供租赁合同及出租方产权证明',
    }),
  commitment: (title = '申请人承诺书'): SeedMaterial =>
    upload(title, { fileTypes: DOCS.concat('jpg'), notes: '按模板填写，签字（盖章）后上传' }),
  original: (name: string, notes = '办理时携带原件到窗口核验，核验后当场退还'): SeedMaterial =>
    atWindow(name, { notes }),
  deferrable: (name: string, notes: string): SeedMaterial =>
    upload(name, { necessity: 'deferrable', notes: `可容缺受理：${notes}` }),
  optional: (name: string, notes: string): SeedMaterial =>
    upload(name, { necessity: 'optional', notes }),
  plans: (name: string, notes = '加盖设计单位出图章，pdf格式'): SeedMaterial =>
    upload(name, { fileTypes: ['pdf', 'dwg'], maxSizeMb: 50, notes }),
};
