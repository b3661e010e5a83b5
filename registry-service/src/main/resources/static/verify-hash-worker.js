'use strict';
// Hashes parts of a file for the verification page, off the page's thread, reading it piece by piece
// (Blob.slice, 4 MiB at a time), so a worker holds one piece plus what the garbage collector has yet to
// free, whatever the file's size. (A BYOB stream reader, which reuses one buffer, was tried: in Chromium 156
// two of them reading one large file stalled together now and then, never to resume.) Jobs:
//   {job: 'whole', file}                   the whole file through SHA-256, with progress as it goes
//   {job: 'chunk', file, index, chunkSize} one chunk of the chunk manifest: its SHA-256 and SM3
importScripts('/verify-digests.js');

const subtle = self.crypto && self.crypto.subtle;
const PIECE = 4 * 1024 * 1024;

// Calls use(bytes) with the blob's bytes in order. Resolves to the number of bytes read.
async function readAll(blob, use) {
  let total = 0;
  for (let offset = 0; offset < blob.size; offset += PIECE) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + PIECE).arrayBuffer());
    await use(bytes);
    total += bytes.length;
  }
  return total;
}

function expectLength(read, expected) {
  if (read !== expected) {
    throw new Error('read ' + read + ' bytes where ' + expected + ' were expected: the file changed after it was chosen');
  }
}

async function whole(file) {
  const hash = DprDigests.sha256();
  let unreported = 0;
  const read = await readAll(file, bytes => {
    hash.update(bytes);
    unreported += bytes.length;
    if (unreported >= PIECE) {
      postMessage({ kind: 'progress', bytes: unreported });
      unreported = 0;
    }
  });
  expectLength(read, file.size);
  postMessage({ kind: 'progress', bytes: unreported });
  postMessage({ kind: 'whole', sha256: DprDigests.hex(hash.digest()) });
}

async function chunk(file, index, chunkSize) {
  const start = index * chunkSize;
  const length = Math.min(chunkSize, file.size - start);
  const bytes = new Uint8Array(await file.slice(start, start + length).arrayBuffer());
  expectLength(bytes.length, length);
  let sha256;
  if (subtle) {
    sha256 = new Uint8Array(await subtle.digest('SHA-256', bytes));
  } else {
    const h = DprDigests.sha256();
    h.update(bytes);
    sha256 = h.digest();
  }
  const sm3 = DprDigests.sm3();
  sm3.update(bytes);
  postMessage({ kind: 'chunk', index: index, bytes: length, sha256: sha256, sm3: sm3.digest() });
}

onmessage = event => {
  const job = event.data;
  const run = job.job === 'whole' ? whole(job.file) : chunk(job.file, job.index, job.chunkSize);
  run.catch(e => postMessage({ kind: 'error', name: (e && e.name) || 'Error', message: String((e && e.message) || e) }));
};
