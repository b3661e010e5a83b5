'use strict';
// Hashes parts of a file for the verification page, off the page's thread. A worker reads into one buffer
// that it hands back to the stream for the next read (a BYOB reader), so its memory stays at one piece
// whatever the file's size; browsers without BYOB reading get a new piece per read instead. Jobs:
//   {job: 'whole', file}                   the whole file through SHA-256, with progress as it goes
//   {job: 'chunk', file, index, chunkSize} one chunk of the chunk manifest: its SHA-256 and SM3
importScripts('/verify-digests.js');

const subtle = self.crypto && self.crypto.subtle;
const PIECE = 4 * 1024 * 1024;
let buffer = new ArrayBuffer(PIECE);

// Calls use(bytes) with the blob's bytes in order, each piece valid only during the call. Resolves to
// the number of bytes read.
async function readAll(blob, use) {
  let reader = null;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch (e) {
    reader = null; // no BYOB reading here: pieces of the blob instead
  }
  let total = 0;
  if (reader === null) {
    for (let offset = 0; offset < blob.size; offset += PIECE) {
      const bytes = new Uint8Array(await blob.slice(offset, offset + PIECE).arrayBuffer());
      await use(bytes);
      total += bytes.length;
    }
    return total;
  }
  for (;;) {
    const { value, done } = await reader.read(new Uint8Array(buffer));
    if (done) {
      buffer = value ? value.buffer : new ArrayBuffer(PIECE);
      return total;
    }
    buffer = value.buffer;
    await use(value);
    total += value.length;
  }
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
  const sm3 = DprDigests.sm3();
  // WebCrypto hashes a whole input: the chunk is gathered into its own buffer, reused chunk after chunk.
  const whole = subtle ? new Uint8Array(chunkBuffer(length), 0, length) : null;
  const sha256 = subtle ? null : DprDigests.sha256();
  let at = 0;
  const read = await readAll(file.slice(start, start + length), bytes => {
    sm3.update(bytes);
    if (whole) {
      whole.set(bytes, at);
    } else {
      sha256.update(bytes);
    }
    at += bytes.length;
  });
  expectLength(read, length);
  const sha = whole ? new Uint8Array(await subtle.digest('SHA-256', whole)) : sha256.digest();
  postMessage({ kind: 'chunk', index: index, bytes: length, sha256: sha, sm3: sm3.digest() });
}

let chunkStore = null;
function chunkBuffer(length) {
  if (chunkStore === null || chunkStore.byteLength < length) {
    chunkStore = new ArrayBuffer(length);
  }
  return chunkStore;
}

onmessage = event => {
  const job = event.data;
  const run = job.job === 'whole' ? whole(job.file) : chunk(job.file, job.index, job.chunkSize);
  run.catch(e => postMessage({ kind: 'error', name: (e && e.name) || 'Error', message: String((e && e.message) || e) }));
};
