'use strict';
// Incremental SHA-256 (FIPS 180-4) and SM3 (GB/T 32905), for files hashed piece by piece: WebCrypto's
// digest takes the whole input at once, and knows no SM3. Both are Merkle-Damgard hashes over 64-byte
// blocks with the same big-endian length padding, so they share everything but their compression.
// Loaded by the hashing worker (importScripts) and usable from Node for a quick check.
var DprDigests = (function () {
  function rotl(x, n) {
    return (x << n) | (x >>> (32 - n));
  }

  const SHA256_K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  const SHA256_IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  // One 64-byte block at bytes[offset] into state h; w is scratch space of 64 words.
  function sha256Block(h, w, bytes, offset) {
    for (let i = 0; i < 16; i++) {
      const o = offset + 4 * i;
      w[i] = (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = rotl(a, 25) ^ rotl(a, 14) ^ (a >>> 3);
      const s1 = rotl(b, 15) ^ rotl(b, 13) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotl(e, 26) ^ rotl(e, 21) ^ rotl(e, 7)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
      const t2 = ((rotl(a, 30) ^ rotl(a, 19) ^ rotl(a, 10)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + k) | 0;
  }

  const SM3_IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
  const SM3_T = new Int32Array(64);
  for (let j = 0; j < 64; j++) {
    SM3_T[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);
  }

  function sm3Block(h, w, bytes, offset) {
    for (let i = 0; i < 16; i++) {
      const o = offset + 4 * i;
      w[i] = (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3];
    }
    for (let i = 16; i < 68; i++) {
      const x = w[i - 16] ^ w[i - 9] ^ rotl(w[i - 3], 15);
      w[i] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(w[i - 13], 7) ^ w[i - 6];
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + SM3_T[j]) | 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + (w[j] ^ w[j + 4])) | 0;
      const tt2 = (gg + k + ss1 + w[j]) | 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      k = g;
      g = rotl(f, 19);
      f = e;
      e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
    }
    h[0] ^= a;
    h[1] ^= b;
    h[2] ^= c;
    h[3] ^= d;
    h[4] ^= e;
    h[5] ^= f;
    h[6] ^= g;
    h[7] ^= k;
  }

  // A hash fed with update(Uint8Array) any number of times, then digest() once: 32 bytes.
  function Hash(iv, block, words) {
    this.h = new Int32Array(iv);
    this.w = new Int32Array(words);
    this.block = block;
    this.pending = new Uint8Array(64);
    this.pendingLength = 0;
    this.length = 0; // bytes so far; exact as a double up to 2^53
  }

  Hash.prototype.update = function (bytes) {
    let offset = 0;
    this.length += bytes.length;
    if (this.pendingLength > 0) {
      const take = Math.min(64 - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < 64) {
        return;
      }
      this.block(this.h, this.w, this.pending, 0);
      this.pendingLength = 0;
    }
    for (; offset + 64 <= bytes.length; offset += 64) {
      this.block(this.h, this.w, bytes, offset);
    }
    this.pending.set(bytes.subarray(offset), 0);
    this.pendingLength = bytes.length - offset;
  };

  Hash.prototype.digest = function () {
    const bits = this.length * 8;
    const tail = new Uint8Array(this.pendingLength < 56 ? 64 : 128);
    tail.set(this.pending.subarray(0, this.pendingLength));
    tail[this.pendingLength] = 0x80;
    const end = tail.length;
    const high = Math.floor(bits / 4294967296);
    const low = bits >>> 0;
    for (let i = 0; i < 4; i++) {
      tail[end - 8 + i] = (high >>> (24 - 8 * i)) & 0xff;
      tail[end - 4 + i] = (low >>> (24 - 8 * i)) & 0xff;
    }
    for (let offset = 0; offset < end; offset += 64) {
      this.block(this.h, this.w, tail, offset);
    }
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      out[4 * i] = this.h[i] >>> 24;
      out[4 * i + 1] = this.h[i] >>> 16;
      out[4 * i + 2] = this.h[i] >>> 8;
      out[4 * i + 3] = this.h[i];
    }
    return out;
  };

  function hex(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) {
      s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return s;
  }

  return {
    sha256: () => new Hash(SHA256_IV, sha256Block, 64),
    sm3: () => new Hash(SM3_IV, sm3Block, 68),
    hex: hex,
  };
}());
if (typeof module !== 'undefined') {
  module.exports = DprDigests;
}
