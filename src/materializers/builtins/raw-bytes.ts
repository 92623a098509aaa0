import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import type { ArtifactFiles } from '../../core/artifact-store.js';
import { ZenError } from '../../core/errors.js';

/** Up to this size raw bytes are written and read whole, through writeFile and readFile. */
const SMALL_RAW_BYTES = 64 * 1024;

/** One syscall moves at most ~2 GiB on Linux; smaller chunks also keep the thread pool responsive. */
const CHUNK_BYTES = 64 * 1024 * 1024;

/** Artifacts are little-endian everywhere so a file written on one host loads on any other. */
const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Writes the memory behind `view` as is: no serialization and no copy on little-endian
 * hosts. A local folder is written through one file handle in large positioned chunks,
 * so a multi-GiB array never goes through a stream's small buffers.
 */
export async function writeRawBytes(files: ArtifactFiles, name: string, view: ArrayBufferView, elementSize = 1): Promise<void> {
  const bytes = HOST_IS_LITTLE_ENDIAN || elementSize === 1 ? bytesOf(view) : swapped(bytesOf(view), elementSize);
  // Small data goes through writeFile: the store writes it with one synchronous call, where
  // the file handle's way takes several thread-pool round trips.
  const path = bytes.byteLength > SMALL_RAW_BYTES ? files.localPath?.(name) : undefined;
  if (!path) {
    await files.writeFile(name, bytes);
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  // Hashed for the load-time check from memory, each chunk while the thread pool writes it:
  // the hash costs no extra pass and little extra time.
  const hash = await files.hashWrittenFile?.(name, bytes.byteLength);
  const handle = await open(path, 'w');
  try {
    for (let start = 0; start < bytes.byteLength; start += HASHED_CHUNK_BYTES) {
      const end = Math.min(start + HASHED_CHUNK_BYTES, bytes.byteLength);
      const writing = writeRange(handle, bytes, start, end);
      hash?.update(bytes.subarray(start, end));
      await writing;
    }
  } finally {
    await handle.close();
  }
  hash?.digest();
}

/** Small enough that hashing one chunk and writing the next overlap well, large enough for few system calls. */
const HASHED_CHUNK_BYTES = 16 * 1024 * 1024;

async function writeRange(handle: FileHandle, bytes: Uint8Array, start: number, end: number): Promise<void> {
  let offset = start;
  while (offset < end) {
    const { bytesWritten } = await handle.write(bytes, offset, Math.min(CHUNK_BYTES, end - offset), offset);
    offset += bytesWritten;
  }
}

/** Memory holding the bytes of a raw file, ready to be viewed as a typed array without a copy. */
export interface RawBytes {
  buffer: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
}

/**
 * Reads a file written by writeRawBytes into memory allocated once. A local file is read
 * straight into that memory; from any other store the buffer readFile returns is used
 * as is when nothing else shares it (small buffers come from Node's pool and are copied).
 */
export async function readRawBytes(files: ArtifactFiles, name: string, byteLength: number, elementSize = 1): Promise<RawBytes> {
  const path = byteLength > SMALL_RAW_BYTES ? files.localPath?.(name) : undefined;
  let raw: RawBytes;
  if (path) {
    raw = { buffer: new ArrayBuffer(byteLength), byteOffset: 0, byteLength };
    await readInto(files, name, path, new Uint8Array(raw.buffer));
  } else {
    const data = await files.readFile(name);
    assertSize(files, name, data.byteLength, byteLength);
    const owned = data.byteOffset === 0 && data.buffer.byteLength === byteLength && data.buffer instanceof ArrayBuffer;
    raw = owned ? { buffer: data.buffer as ArrayBuffer, byteOffset: 0, byteLength } : copyOf(data);
  }
  if (!HOST_IS_LITTLE_ENDIAN && elementSize > 1) swapInPlace(new Uint8Array(raw.buffer, raw.byteOffset, byteLength), elementSize);
  return raw;
}

async function readInto(files: ArtifactFiles, name: string, path: string, bytes: Uint8Array): Promise<void> {
  // A recorded hash is checked from memory, each chunk while the thread pool reads the next.
  const check = await files.checkReadFile?.(name);
  const handle = await open(path, 'r');
  try {
    assertSize(files, name, (await handle.stat()).size, bytes.byteLength);
    let offset = 0;
    let reading = readChunk(handle, bytes, offset);
    while (offset < bytes.byteLength) {
      const bytesRead = await reading;
      if (bytesRead === 0) assertSize(files, name, offset, bytes.byteLength);
      const chunk = bytes.subarray(offset, offset + bytesRead);
      offset += bytesRead;
      if (offset < bytes.byteLength) reading = readChunk(handle, bytes, offset);
      check?.update(chunk);
    }
  } finally {
    await handle.close();
  }
  check?.digest();
}

async function readChunk(handle: FileHandle, bytes: Uint8Array, offset: number): Promise<number> {
  return (await handle.read(bytes, offset, Math.min(HASHED_CHUNK_BYTES, bytes.byteLength - offset), offset)).bytesRead;
}

function copyOf(data: Uint8Array): RawBytes {
  const buffer = new ArrayBuffer(data.byteLength);
  new Uint8Array(buffer).set(data);
  return { buffer, byteOffset: 0, byteLength: data.byteLength };
}

function assertSize(files: ArtifactFiles, name: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new ZenError(`The artifact file ${files.uri}/${name} holds ${actual} bytes but ${expected} were expected.`, {
      hint: 'The artifact is damaged or was written by another materializer.',
    });
  }
}

function swapped(bytes: Uint8Array, elementSize: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  swapInPlace(copy, elementSize);
  return copy;
}

function swapInPlace(bytes: Uint8Array, elementSize: number): void {
  for (let i = 0; i < bytes.length; i += elementSize) bytes.subarray(i, i + elementSize).reverse();
}
