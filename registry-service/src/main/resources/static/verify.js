'use strict';
// The verification page: the certificate goes to POST /api/verify; the original file, if chosen, is
// hashed here with WebCrypto and only its SHA-256 is sent.
(function () {
  const certificateInput = document.getElementById('certificate');
  const originalInput = document.getElementById('original');
  const drop = document.getElementById('drop');
  const verifyButton = document.getElementById('verify');
  const errorBox = document.getElementById('error');
  const result = document.getElementById('result');

  let certificate = null; // { blob, name }
  let sha256 = null;

  function show(element, text) {
    document.getElementById(element).textContent = text;
  }

  function fail(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function setCertificate(blob, name) {
    certificate = { blob: blob, name: name };
    show('certificate-name', name);
    verifyButton.disabled = false;
    result.hidden = true;
    errorBox.hidden = true;
  }

  async function hashOriginal(file) {
    sha256 = null;
    if (!window.crypto || !window.crypto.subtle) {
      show('original-digest', 'This browser cannot hash files here (WebCrypto needs HTTPS or localhost).');
      return;
    }
    show('original-digest', 'Hashing ' + file.name + ' …');
    const digest = await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    sha256 = Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, '0')).join('');
    show('original-digest', file.name + ' — SHA-256 ' + sha256);
  }

  function render(body) {
    const verdict = document.getElementById('verdict');
    verdict.textContent = body.verdict;
    verdict.className = body.verdict;
    const status = body.status || {};
    show('act-status', 'Status at issue: ' + (status.words || 'not stated'));
    const now = document.getElementById('act-status-now');
    now.hidden = !body.statusNow;
    if (body.statusNow) {
      now.textContent = 'Status now: ' + body.statusNow.state + (body.statusNow.since ? ' since ' + body.statusNow.since : '')
          + (body.statusNow.changed ? ' (changed since issue)' : ' (unchanged since issue)');
    }
    const line = body.verdictLine || body.verdict;
    document.getElementById('verdict-qualifier').textContent = line.substring(body.verdict.length).trim();
    show('certificate-id', body.certificateId ? 'Certificate ' + body.certificateId : 'The upload is not a readable certificate.');
    const rows = document.getElementById('checks');
    rows.replaceChildren();
    for (const check of body.checks) {
      const row = document.createElement('tr');
      row.className = check.status;
      row.dataset.check = check.name;
      for (const [text, cls] of [[check.name, 'name'], [check.status, 'status'], [check.reason, 'reason']]) {
        const cell = document.createElement('td');
        cell.className = cls;
        cell.textContent = text;
        row.appendChild(cell);
      }
      rows.appendChild(row);
    }
    result.hidden = false;
  }

  async function verify() {
    if (!certificate) {
      return;
    }
    errorBox.hidden = true;
    result.hidden = true;
    verifyButton.disabled = true;
    try {
      const form = new FormData();
      form.append('certificate', certificate.blob, certificate.name);
      if (sha256) {
        form.append('sha256', sha256);
      }
      const response = await fetch('/api/verify', { method: 'POST', body: form });
      const body = await response.json();
      if (!response.ok) {
        fail((body.title || 'Error') + ': ' + (body.detail || response.status));
        return;
      }
      render(body);
    } catch (e) {
      fail('The verification service could not be reached: ' + e);
    } finally {
      verifyButton.disabled = false;
    }
  }

  certificateInput.addEventListener('change', () => {
    if (certificateInput.files.length > 0) {
      setCertificate(certificateInput.files[0], certificateInput.files[0].name);
    }
  });
  originalInput.addEventListener('change', () => {
    if (originalInput.files.length > 0) {
      hashOriginal(originalInput.files[0]).catch(e => fail('The file could not be hashed: ' + e));
    }
  });
  drop.addEventListener('dragover', e => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length > 0) {
      setCertificate(e.dataTransfer.files[0], e.dataTransfer.files[0].name);
    }
  });
  verifyButton.addEventListener('click', verify);

  // /verify?cert=<id>: the certificate this registry issued, fetched and verified at once.
  const id = new URLSearchParams(window.location.search).get('cert');
  if (id) {
    fetch('/api/certificates/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
      .then(async response => {
        if (!response.ok) {
          const problem = await response.json();
          fail('Certificate ' + id + ': ' + (problem.detail || response.status));
          return;
        }
        setCertificate(await response.blob(), 'certificate ' + id + ' (from this registry)');
        await verify();
      })
      .catch(e => fail('The certificate could not be fetched: ' + e));
  }
}());
