'use strict';
// The original file's digests, as the chunk manifest and the verifier define them (evidence/README.md):
// its whole SHA-256, streamed through one worker, and the root of its chunk manifest (4 MiB chunks, each
// with its SHA-256 and SM3), whose chunks the other workers hash side by side. No more than a piece or
// two per worker is in memory at any time, whatever the file's size.
var DprHashing = (function () {
  const CHUNK_SIZE = 4 * 1024 * 1024;
  const DOMAIN = 'dpr-chunk-manifest/1\u0000';
  const WORKER = '/verify-hash-worker.js';

  async function sha256(bytes) {
    if (window.crypto && window.crypto.subtle) {
      return new Uint8Array(await window.crypto.subtle.digest('SHA-256', bytes));
    }
    const h = DprDigests.sha256();
    h.update(bytes);
    return h.digest();
  }

  // SHA-256( domain ‖ uint64be(chunkSize) ‖ uint64be(length) ‖ sha256_0 ‖ sm3_0 ‖ … )
  function manifestRoot(length, chunks) {
    const input = new Uint8Array(DOMAIN.length + 16 + 64 * chunks.length);
    for (let i = 0; i < DOMAIN.length; i++) {
      input[i] = DOMAIN.charCodeAt(i);
    }
    const view = new DataView(input.buffer);
    let at = DOMAIN.length;
    view.setUint32(at, 0);
    view.setUint32(at + 4, CHUNK_SIZE);
    view.setUint32(at + 8, Math.floor(length / 4294967296));
    view.setUint32(at + 12, length >>> 0);
    at += 16;
    for (const c of chunks) {
      input.set(c.sha256, at);
      input.set(c.sm3, at + 32);
      at += 64;
    }
    return sha256(input).then(DprDigests.hex);
  }

  // Starts hashing; onProgress(fraction) as it goes. Returns {done: Promise<{sha256, manifestRoot, seconds}>,
  // cancel()}. The promise rejects with an Error whose name is the browser's (NotReadableError, …).
  function hashFile(file, onProgress) {
    const started = performance.now();
    const count = Math.ceil(file.size / CHUNK_SIZE);
    const poolSize = Math.max(1, Math.min(count, (navigator.hardwareConcurrency || 2) - 1));
    const workers = [];
    let finished = false;
    let hashed = 0;

    function stop() {
      finished = true;
      workers.forEach(w => w.terminate());
    }

    const done = new Promise((resolve, reject) => {
      const chunks = new Array(count);
      let remaining = count;
      let next = 0;
      let whole = null;

      function fail(name, message) {
        if (!finished) {
          stop();
          const e = new Error(message);
          e.name = name;
          reject(e);
        }
      }

      function progress(bytes) {
        hashed += bytes;
        onProgress(file.size === 0 ? 1 : hashed / (2 * file.size));
      }

      function maybeFinish() {
        if (whole !== null && remaining === 0 && !finished) {
          stop();
          manifestRoot(file.size, chunks).then(root => resolve({
            sha256: whole,
            manifestRoot: root,
            seconds: (performance.now() - started) / 1000,
          }), e => reject(e));
        }
      }

      function startWorker(onMessage) {
        const w = new Worker(WORKER);
        w.onmessage = m => {
          if (m.data.kind === 'error') {
            fail(m.data.name, m.data.message);
          } else if (!finished) {
            onMessage(w, m.data);
          }
        };
        w.onerror = e => fail('Error', e.message || 'the hashing worker failed');
        workers.push(w);
        return w;
      }

      function dispatch(w) {
        if (next < count) {
          w.postMessage({ job: 'chunk', file: file, index: next++, chunkSize: CHUNK_SIZE });
        }
      }

      startWorker((w, data) => {
        if (data.kind === 'progress') {
          progress(data.bytes);
        } else if (data.kind === 'whole') {
          whole = data.sha256;
          maybeFinish();
        }
      }).postMessage({ job: 'whole', file: file });
      for (let i = 0; i < poolSize; i++) {
        dispatch(startWorker((w, data) => {
          chunks[data.index] = data;
          remaining--;
          progress(data.bytes);
          dispatch(w);
          maybeFinish();
        }));
      }
    });
    return { done: done, cancel: stop };
  }

  return { hashFile: hashFile, CHUNK_SIZE: CHUNK_SIZE };
}());
