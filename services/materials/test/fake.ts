import { randomBytes } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { HallError, type Bus } from '@hall/platform';
import {
  GetOwnedFilesRequestSchema,
  GetOwnedFilesResponseSchema,
  type FileInfo,
} from '@hall/proto/hall/materials/v1/materials_rpc_pb';
import { v7 as uuidv7 } from 'uuid';

/**
 * The materials service's get_owned_files, for the tests of the services that call it
 * (submissions, letters): served on a test namespace from files the test registers; the replies
 * are real FileInfo messages, and another owner's or an unknown id gets not_found exactly as the
 * materials service answers it.
 */
export class FakeMaterials {
  private readonly files = new Map<
    string,
    { ownerKind: string; ownerId: string; info: FileInfo }
  >();
  calls = 0;
  private gate: Promise<void> | null = null;
  private arrived: (() => void) | null = null;

  constructor(readonly bus: Bus) {}

  /**
   * Hold the next replies until `release()`: `reached` resolves once a request is waiting, so a
   * test can act while another request sits between its checks and its write.
   */
  hold(): { reached: Promise<void>; release: () => void } {
    let release: () => void = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = null;
        resolve();
      };
    });
    const reached = new Promise<void>((resolve) => {
      this.arrived = resolve;
    });
    return { reached, release };
  }

  serve(): { stop(): Promise<void> } {
    return this.bus.serve(
      'materials',
      'get_owned_files',
      GetOwnedFilesRequestSchema,
      GetOwnedFilesResponseSchema,
      async (req) => {
        this.calls++;
        this.arrived?.();
        if (this.gate) await this.gate;
        const files = req.fileIds.map((id) => {
          const file = this.files.get(id);
          if (!file || file.ownerKind !== req.owner?.kind || file.ownerId !== req.owner.id)
            throw HallError.notFound('文件不存在');
          return file.info;
        });
        return { files };
      },
    );
  }

  /** A stored file of `owner`: `name` decides the extension; `size` in bytes. */
  add(owner: { kind: string; id: string }, name: string, size = 200_000): string {
    const id = uuidv7();
    const extension = name.split('.').pop()!.toLowerCase();
    const mediaType =
      { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' }[extension] ??
      'application/octet-stream';
    this.files.set(id, {
      ownerKind: owner.kind,
      ownerId: owner.id,
      info: {
        $typeName: 'hall.materials.v1.FileInfo',
        id,
        name,
        mediaType,
        extension,
        size: BigInt(size),
        sha256: randomBytes(32).toString('hex'),
        uploadedAt: timestampFromDate(new Date()),
      },
    });
    return id;
  }
}
