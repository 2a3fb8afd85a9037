import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { FileType } from './file-types';

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A ZIP local file header. */
const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Bytes of a local header before the entry name (name length at 26, extra length at 28). */
const HEADER_BYTES = 30;
/** Longest entry name worth reading: the ones that decide a type are far shorter. */
const MAX_NAME = 64;
/** Bytes needed to decide the non-ZIP types. */
const HEAD_BYTES = 8;

/** Entries that make a ZIP container one of the accepted types. */
const zipMarkers: ReadonlyArray<[string, FileType]> = [
  ['OFD.xml', 'ofd'],
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
];

const startsWith = (head: Buffer, magic: Buffer) =>
  head.length >= magic.length && head.subarray(0, magic.length).equals(magic);

/**
 * Scans a ZIP stream for the names of its local file headers as the bytes pass. Entries written
 * with data descriptors carry no sizes in their headers, so rather than skipping entry by entry it
 * looks for every header signature, carrying a chunk's tail over to the next so that a header cut
 * by a chunk boundary is still read. Compressed data may contain the signature by chance; such a
 * false header yields a random name, which matches no marker.
 */
class ZipEntryScanner {
  private carry = Buffer.alloc(0);
  readonly names = new Set<string>();

  push(chunk: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    let keepFrom = Math.max(0, buf.length - (LOCAL_HEADER.length - 1));
    for (;;) {
      const at = buf.indexOf(LOCAL_HEADER, from);
      if (at < 0) break;
      if (at + HEADER_BYTES > buf.length) {
        keepFrom = Math.min(keepFrom, at);
        break;
      }
      const nameLength = buf.readUInt16LE(at + 26);
      if (nameLength > 0 && nameLength <= MAX_NAME) {
        if (at + HEADER_BYTES + nameLength > buf.length) {
          keepFrom = Math.min(keepFrom, at);
          break;
        }
        this.names.add(buf.toString('utf8', at + HEADER_BYTES, at + HEADER_BYTES + nameLength));
      }
      from = at + LOCAL_HEADER.length;
    }
    this.carry = Buffer.from(buf.subarray(keepFrom));
  }
}

/** What the content of a file is, decided from its first bytes and (for ZIPs) its entries. */
export class Sniffer {
  private head = Buffer.alloc(0);
  /** Chunks seen before the family was known: the ZIP scanner needs them from the start. */
  private early: Buffer[] = [];
  private zip: ZipEntryScanner | null = null;
  private decided: FileType | 'zip' | 'unknown' | null = null;

  push(chunk: Buffer): void {
    if (this.decided !== null) {
      this.zip?.push(chunk);
      return;
    }
    this.early.push(chunk);
    this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    if (this.head.length >= HEAD_BYTES) this.decide();
  }

  /** The family known from the head so far: null until enough bytes arrived. */
  get family(): FileType | 'zip' | 'unknown' | null {
    return this.decided;
  }

  /** The type of the whole content, once it has all passed; null when it is none we accept. */
  result(): FileType | null {
    if (this.decided === null) this.decide();
    if (this.decided === 'unknown') return null;
    if (this.decided !== 'zip') return this.decided;
    for (const [entry, type] of zipMarkers) if (this.zip?.names.has(entry)) return type;
    return null;
  }

  private decide(): void {
    const head = this.head;
    if (startsWith(head, PDF)) this.decided = 'pdf';
    else if (startsWith(head, PNG)) this.decided = 'png';
    else if (startsWith(head, JPEG)) this.decided = 'jpg';
    else if (startsWith(head, LOCAL_HEADER)) {
      this.decided = 'zip';
      this.zip = new ZipEntryScanner();
      for (const chunk of this.early) this.zip.push(chunk);
    } else this.decided = 'unknown';
    this.early = [];
  }
}

/** What passed through an Inspector. */
export interface Inspection {
  size: number;
  sha256: string;
  /** Sniffed type, null when the content is none the hall accepts. */
  type: FileType | null;
}

/**
 * Counts, hashes and sniffs the bytes of an upload on their way to storage, without holding
 * more than a chunk. `accepts` is asked once the head of the content shows its family: when the
 * content cannot be what was claimed, the rest is still read (and counted) but no longer passed
 * on, so storage never receives more than the head of a disguised file.
 */
export class Inspector extends Transform {
  private readonly hash = createHash('sha256');
  private readonly sniffer = new Sniffer();
  private bytes = 0;
  private swallowing = false;
  private asked = false;

  constructor(private readonly accepts: (family: FileType | 'zip' | 'unknown') => boolean) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.sniffer.push(chunk);
    const family = this.sniffer.family;
    if (!this.asked && family !== null) {
      this.asked = true;
      this.swallowing = !this.accepts(family);
    }
    callback(null, this.swallowing ? undefined : chunk);
  }

  private result: Inspection | null = null;

  /** Valid once the stream has ended. */
  inspection(): Inspection {
    this.result ??= {
      size: this.bytes,
      sha256: this.hash.digest('hex'),
      type: this.sniffer.result(),
    };
    return this.result;
  }
}
