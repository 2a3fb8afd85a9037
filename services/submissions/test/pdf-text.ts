import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit with an embedded (Type0, Identity-H) font: its content
 * streams show glyph ids as hex strings, which the font's ToUnicode CMap maps back to
 * characters. Enough for asserting what a receipt says, without poppler in the test image.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const streams: string[] = [];
  const header = /\d+ 0 obj\s*<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let m = header.exec(source); m; m = header.exec(source)) {
    const start = m.index + m[0].length;
    const end = source.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    let data: Buffer;
    try {
      data = /FlateDecode/.test(m[1] ?? '') ? inflateSync(raw) : raw;
    } catch {
      continue; // images and font programs need not inflate cleanly here
    }
    streams.push(data.toString('latin1'));
  }

  const map = new Map<number, string>();
  for (const cmap of streams.filter((s) => s.includes('begincmap'))) {
    for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, target] of body!.matchAll(
        /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi,
      )) {
        const first = parseInt(lo!, 16);
        const last = parseInt(hi!, 16);
        if (target!.startsWith('[')) {
          [...target!.matchAll(/<([0-9a-f]+)>/gi)].forEach(([, hex], i) =>
            map.set(first + i, unicode(hex!)),
          );
        } else {
          const base = parseInt(target!.slice(1, -1), 16);
          for (let code = first; code <= last; code++)
            map.set(code, String.fromCodePoint(base + code - first));
        }
      }
    }
    for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const [, code, hex] of body!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi))
        map.set(parseInt(code!, 16), unicode(hex!));
  }

  const lines: string[] = [];
  for (const content of streams.filter((s) => /\bTJ\b|\bTj\b/.test(s))) {
    for (const [, array, single] of content.matchAll(/\[([^\]]*)\]\s*TJ|(<[0-9a-f]*>)\s*Tj/gi)) {
      let line = '';
      for (const [, hex] of (array ?? single ?? '').matchAll(/<([0-9a-f]*)>/gi))
        for (let i = 0; i + 4 <= hex!.length; i += 4)
          line += map.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '';
      lines.push(line);
    }
  }
  return lines.join('\n');
}

function unicode(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}
