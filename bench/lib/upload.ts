/**
 * The upload bench's file and request body: a valid PDF of a given size (generated once into
 * bench/results, which is git-ignored) wrapped in a multipart/form-data body with one file part
 * `file`, as the portal sends it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

export const MB = 1_000_000;

/**
 * A PDF 1.7 of exactly `size` bytes: one empty A4 page whose content stream is filler (comment
 * lines, which a content stream may hold), a correct cross-reference table and trailer.
 */
export function pdfOfSize(size: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const head = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  // Everything but the filler, with the filler's length written as a fixed-width number.
  const build = (fillerLength: number) => {
    const parts: string[] = [head];
    const offsets: number[] = [];
    let at = Buffer.byteLength(head, 'latin1');
    objects.forEach((body, i) => {
      const obj = `${i + 1} 0 obj\n${body}\nendobj\n`;
      offsets.push(at);
      parts.push(obj);
      at += Buffer.byteLength(obj, 'latin1');
    });
    const streamHead = `4 0 obj\n<< /Length ${String(fillerLength).padStart(10, '0')} >>\nstream\n`;
    offsets.push(at);
    const beforeFiller = parts.join('') + streamHead;
    at += Buffer.byteLength(streamHead, 'latin1') + fillerLength;
    const streamTail = '\nendstream\nendobj\n';
    at += Buffer.byteLength(streamTail, 'latin1');
    const xref =
      `xref\n0 5\n0000000000 65535 f \n` +
      offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
      `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
    return { beforeFiller, afterFiller: streamTail + xref };
  };
  // The trailer names the cross-reference's offset, whose digits depend on the filler's length.
  const overhead = (fillerLength: number) => {
    const { beforeFiller, afterFiller } = build(fillerLength);
    return Buffer.byteLength(beforeFiller, 'latin1') + Buffer.byteLength(afterFiller, 'latin1');
  };
  let fillerLength = size - overhead(0);
  for (let i = 0; i < 3; i++) fillerLength = size - overhead(fillerLength);
  if (fillerLength < 0) throw new Error(`a PDF cannot be smaller than ${overhead(0)} bytes`);
  const { beforeFiller, afterFiller } = build(fillerLength);
  const filler = Buffer.alloc(fillerLength);
  // Comment lines of random letters: not compressible, nothing a reader would try to draw.
  const line = 64;
  const letters = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789');
  const random = randomBytes(fillerLength);
  for (let i = 0; i < fillerLength; i++) {
    const col = i % line;
    filler[i] = col === 0 ? 0x25 : col === line - 1 ? 0x0a : letters[random[i]! % letters.length]!;
  }
  const pdf = Buffer.concat([
    Buffer.from(beforeFiller, 'latin1'),
    filler,
    Buffer.from(afterFiller, 'latin1'),
  ]);
  if (pdf.length !== size) throw new Error(`built a PDF of ${pdf.length} bytes, not ${size}`);
  return pdf;
}

/** The PDF of `size` bytes at `path`, generated when missing or of another size. */
export function ensurePdf(path: string, size: number): Buffer {
  if (existsSync(path) && statSync(path).size === size) {
    const file = readFileSync(path);
    if (file.subarray(0, 8).toString('latin1') === '%PDF-1.7') return file;
  }
  const pdf = pdfOfSize(size);
  writeFileSync(path, pdf);
  return pdf;
}

/** A multipart/form-data body with the file as part `file` (filename given), and its content type. */
export function multipartBody(
  file: Buffer,
  filename: string,
): { body: Buffer; contentType: string } {
  const boundary = `----hallbench${randomBytes(12).toString('hex')}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    `Content-Type: application/pdf\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
