'use strict';
// The verification page: the certificate goes to POST /api/verify; the original file, if chosen, is hashed
// here (verify-hashing.js) and only its digests are sent. Chinese or English, by the browser's language
// until the reader picks one (remembered in localStorage).
(function () {
  const TEXT = {
    en: {
      brand: 'Data property rights registry',
      title: 'Verify an evidence certificate',
      intro: 'Drop a certificate issued by the data property rights registry (its JSON, or the PDF that embeds it). '
          + 'It is checked against this network\'s trust bundle: the registry\'s signature, the Fabric block and '
          + 'transaction that hold the act, and, if you give it, the original file.',
      certificateLabel: 'Certificate (JSON or PDF): drop it here or',
      chooseCertificate: 'choose a file',
      noCertificate: 'No certificate chosen.',
      originalLabel: 'Original file (optional): it is hashed in this browser and never uploaded.',
      chooseOriginal: 'choose the file',
      removeOriginal: 'remove the file',
      noOriginal: 'No file chosen.',
      sha256Label: 'SHA-256',
      manifestRootLabel: 'Chunk manifest root',
      hashing: (name, percent) => 'Hashing ' + name + ' … ' + percent + ' %. Verify is possible when it is done.',
      hashed: (name, size, seconds, speed) => name + ' (' + size + ' bytes) hashed in ' + seconds + ' s'
          + (speed ? ' (' + speed + ' MB/s).' : '.'),
      unreadable: (name, error) => 'The file ' + name + ' could not be read (' + error + '). It may have been changed, '
          + 'moved or deleted after it was chosen. Choose it again, or remove it to verify the certificate alone.',
      verify: 'Verify',
      hintCertificate: 'Choose a certificate first.',
      hintHashing: 'Wait until the original file is hashed.',
      hintUnreadable: 'The original file could not be read: choose it again or remove it.',
      verifying: 'Verifying …',
      verdictLabel: 'Verdict:',
      passEffective: 'VERIFIED — the act is in effect',
      passPending: 'VERIFIED, BUT THE ACT HAS NOT TAKEN EFFECT: ',
      passRejected: 'VERIFIED, BUT THE ACT DID NOT TAKE EFFECT: IT WAS REJECTED',
      passUnstated: 'VERIFIED — the certificate does not state whether the act took effect',
      fail: 'NOT VERIFIED — this certificate cannot be relied on',
      failedChecks: (n, names) => n + (n === 1 ? ' check failed: ' : ' checks failed: ') + names + '.',
      statusAtIssue: 'Status at issue: ',
      statusNow: 'Status now: ',
      since: ' since ',
      changed: ' (changed since issue)',
      unchanged: ' (unchanged since issue)',
      certifiedHeading: 'What this certificate certifies',
      claimedHeading: 'What the certificate claims — NOT confirmed: it failed verification',
      certificateId: id => 'Certificate ' + id,
      unreadableCertificate: 'The upload is not a readable certificate.',
      checksHeading: 'Checks (failed ones first)',
      checkColumn: 'Check',
      resultColumn: 'Result',
      reasonColumn: 'Reason',
      PASSED: 'PASSED',
      FAILED: 'FAILED',
      SKIPPED: 'SKIPPED',
      unreachable: e => 'The verification service could not be reached: ' + e,
      fetchFailed: e => 'The certificate could not be fetched: ' + e,
      fromRegistry: id => 'certificate ' + id + ' (from this registry)',
      trustHeading: 'Trust bundle',
      trustIntro: 'Certificates are verified against this network\'s trust bundle: its organisations\' CA roots, the '
          + 'endorsement policy and the registry\'s issuer roots. Download it to verify offline (dpr verify --trust), '
          + 'and compare its SHA-256 fingerprint with the one the network operator publishes.',
      trustDownload: 'Download the trust bundle',
      trustSave: 'save trust-bundle.json',
      trustFingerprint: 'SHA-256 fingerprint of the downloaded file:',
      trustFetching: 'Downloading …',
      trustBytes: n => 'trust-bundle.json, ' + n + ' bytes.',
      trustFailed: e => 'The trust bundle could not be downloaded: ' + e,
    },
    zh: {
      brand: '数据产权登记系统',
      title: '核验存证证书',
      intro: '请放入数据产权登记系统签发的证书（JSON 文件，或内嵌该 JSON 的 PDF）。核验依据本网络的信任包：登记机构的签名、'
          + '记载该行为的 Fabric 区块与交易，以及（如提供）原始文件。',
      certificateLabel: '证书（JSON 或 PDF）：拖放到此处，或',
      chooseCertificate: '选择文件',
      noCertificate: '尚未选择证书。',
      originalLabel: '原始文件（可选）：仅在本浏览器中计算摘要，不会上传。',
      chooseOriginal: '选择文件',
      removeOriginal: '移除文件',
      noOriginal: '尚未选择文件。',
      sha256Label: 'SHA-256',
      manifestRootLabel: '分块清单根',
      hashing: (name, percent) => '正在计算 ' + name + ' 的摘要… ' + percent + ' %。完成后方可核验。',
      hashed: (name, size, seconds, speed) => name + '（' + size + ' 字节）摘要已算出，用时 ' + seconds + ' 秒'
          + (speed ? '（' + speed + ' MB/s）。' : '。'),
      unreadable: (name, error) => '无法读取文件 ' + name + '（' + error + '）。文件可能在选择后被修改、移动或删除。'
          + '请重新选择，或移除该文件后仅核验证书。',
      verify: '核验',
      hintCertificate: '请先选择证书。',
      hintHashing: '请等待原始文件的摘要计算完成。',
      hintUnreadable: '原始文件无法读取：请重新选择或移除。',
      verifying: '正在核验…',
      verdictLabel: '核验结论：',
      passEffective: '核验通过 — 该行为已生效',
      passPending: '核验通过，但该行为尚未生效：',
      passRejected: '核验通过，但该行为未生效：已被驳回',
      passUnstated: '核验通过 — 证书未载明该行为是否生效',
      fail: '核验未通过 — 不能依据本证书',
      failedChecks: (n, names) => n + ' 项检查未通过：' + names + '。',
      statusAtIssue: '签发时状态：',
      statusNow: '当前状态：',
      since: '，自 ',
      changed: '（签发后已变化）',
      unchanged: '（签发后未变化）',
      certifiedHeading: '本证书证明的事项',
      claimedHeading: '证书所称事项 — 未经证实：核验未通过',
      certificateId: id => '证书编号 ' + id,
      unreadableCertificate: '上传的文件不是可读取的证书。',
      checksHeading: '检查项（未通过的在前）',
      checkColumn: '检查',
      resultColumn: '结果',
      reasonColumn: '说明（英文）',
      PASSED: '通过',
      FAILED: '未通过',
      SKIPPED: '跳过',
      unreachable: e => '无法连接核验服务：' + e,
      fetchFailed: e => '无法取得证书：' + e,
      fromRegistry: id => '证书 ' + id + '（来自本登记系统）',
      trustHeading: '信任包',
      trustIntro: '证书依据本网络的信任包核验：各组织的 CA 根证书、背书策略和登记机构的签发根证书。可下载后离线核验'
          + '（dpr verify --trust），并将其 SHA-256 指纹与网络运营方公布的指纹比对。',
      trustDownload: '下载信任包',
      trustSave: '保存 trust-bundle.json',
      trustFingerprint: '所下载文件的 SHA-256 指纹：',
      trustFetching: '正在下载…',
      trustBytes: n => 'trust-bundle.json，' + n + ' 字节。',
      trustFailed: e => '无法下载信任包：' + e,
    },
  };

  // The status in words, Chinese; the English words come from the service (status.words).
  const STATUS_ZH = {
    EFFECTIVE: () => '已生效 — 该行为已经生效',
    PENDING_REVIEW: () => '待审核 — 该行为尚未生效：正在等待登记机构审核',
    IN_PUBLICITY: s => '公示中，至 ' + s.publicityEnds + ' — 该行为尚未生效：公示期内任何人可提出异议',
    REJECTED: () => '已驳回 — 该行为未生效',
    NOT_STATED: () => '未载明（该证书签发于证书载明状态之前）',
  };
  const STATE_ZH = { EFFECTIVE: '已生效', PENDING_REVIEW: '待审核', IN_PUBLICITY: '公示中', REJECTED: '已驳回' };
  // A pending act's state in a few words, for the outcome's heading.
  const PENDING_WORDS = {
    en: { PENDING_REVIEW: () => 'PENDING REVIEW', IN_PUBLICITY: s => 'IN PUBLICITY UNTIL ' + s.publicityEnds },
    zh: { PENDING_REVIEW: () => '待审核', IN_PUBLICITY: s => '公示中，至 ' + s.publicityEnds },
  };

  const CHECKS = {
    'format': ['Format', '格式'],
    'issuer-signature': ['Issuer\'s signature', '签发机构签名'],
    'issuer-chain': ['Issuer\'s certificate chain', '签发机构证书链'],
    'channel-and-chaincode': ['Channel and chaincode', '通道与链码'],
    'block-header': ['Block header', '区块头'],
    'block-data-hash': ['Block data hash', '区块数据哈希'],
    'orderer-signature': ['Orderer\'s signature', '排序节点签名'],
    'transaction-in-block': ['Transaction in the block', '交易在区块中'],
    'validation-code': ['Validation code', '验证结果'],
    'transaction-id': ['Transaction ID', '交易编号'],
    'transaction-time': ['Transaction time', '交易时间'],
    'creator-signature': ['Submitter\'s signature', '提交人签名'],
    'creator-chain': ['Submitter\'s certificate chain', '提交人证书链'],
    'proposal-hash': ['Proposal hash', '提案哈希'],
    'endorsements': ['Endorsements', '背书'],
    'endorsement-policy': ['Endorsement policy', '背书策略'],
    'written-state': ['Written record', '写入的记录'],
    'act': ['Act', '行为'],
    'parties': ['Parties', '当事方'],
    'recorded-digests': ['Recorded digests', '记录的摘要'],
    'file-digests': ['Original file', '原始文件摘要'],
    'stated-status': ['Stated status', '载明的状态'],
    'timestamp-token': ['Trusted time-stamp', '可信时间戳'],
    'trusted-time': ['Trusted time', '可信时间'],
    'pdf-signature': ['PDF signature', 'PDF 签名'],
    'pdf-text': ['PDF page text', 'PDF 页面文字'],
    'pdf-signature-timestamp': ['PDF signature time-stamp', 'PDF 签名时间戳'],
  };

  const STORAGE_KEY = 'dpr-verify-language';
  const $ = id => document.getElementById(id);
  const certificateInput = $('certificate');
  const originalInput = $('original');
  const drop = $('drop');
  const verifyButton = $('verify');
  const errorBox = $('error');
  const result = $('result');

  let language = initialLanguage();
  let certificate = null; // { blob, name }
  // The original file: state 'none' | 'hashing' | 'hashed' | 'unreadable'.
  let original = { state: 'none' };
  let verifying = false;
  let lastBody = null;
  let trust = null; // { bytes, fingerprint }

  function initialLanguage() {
    try {
      const stored = window.localStorage.getItem(STORAGE_KEY);
      if (stored === 'zh' || stored === 'en') {
        return stored;
      }
    } catch (e) {
      // Storage refused (private mode, file://): the browser's language decides.
    }
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (const l of wanted) {
      const lower = String(l).toLowerCase();
      if (lower.startsWith('zh')) {
        return 'zh';
      }
      if (lower.startsWith('en')) {
        return 'en';
      }
    }
    return 'en';
  }

  function t(key) {
    return TEXT[language][key];
  }

  function setLanguage(l) {
    language = l;
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch (e) {
      // Not remembered; the page still switches.
    }
    applyLanguage();
  }

  function applyLanguage() {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    for (const el of document.querySelectorAll('[data-text]')) {
      el.textContent = t(el.dataset.text);
    }
    for (const b of document.querySelectorAll('button.language')) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === language));
    }
    $('certificate-name').textContent = certificate ? certificate.name : t('noCertificate');
    renderOriginal();
    renderTrust();
    if (lastBody) {
      render(lastBody);
    }
  }

  function fail(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  // Verify is possible with a certificate, and with the original's digests if one was chosen.
  function updateVerifyButton() {
    let hint = '';
    if (!certificate) {
      hint = t('hintCertificate');
    } else if (original.state === 'hashing') {
      hint = t('hintHashing');
    } else if (original.state === 'unreadable') {
      hint = t('hintUnreadable');
    } else if (verifying) {
      hint = t('verifying');
    }
    verifyButton.disabled = hint !== '';
    $('verify-hint').textContent = hint;
  }

  function setCertificate(blob, name) {
    certificate = { blob: blob, name: name };
    $('certificate-name').textContent = name;
    lastBody = null;
    result.hidden = true;
    errorBox.hidden = true;
    updateVerifyButton();
  }

  function renderOriginal() {
    const state = $('original-state');
    const progress = $('hash-progress');
    const digests = $('original-digests');
    state.dataset.state = original.state;
    state.classList.toggle('error', original.state === 'unreadable');
    progress.hidden = original.state !== 'hashing';
    digests.hidden = original.state !== 'hashed';
    $('original-clear').hidden = original.state === 'none';
    if (original.state === 'none') {
      state.textContent = t('noOriginal');
    } else if (original.state === 'hashing') {
      state.textContent = t('hashing')(original.name, Math.floor(original.fraction * 100));
      progress.value = Math.round(original.fraction * 1000);
    } else if (original.state === 'hashed') {
      const seconds = Math.max(original.seconds, 0.001);
      // A speed only where it means something: a file of a megabyte or more.
      state.textContent = t('hashed')(original.name, original.size.toLocaleString('en-US'), seconds.toFixed(1),
          original.size >= 1e6 ? (original.size / 1e6 / seconds).toFixed(1) : null);
      state.dataset.seconds = String(original.seconds);
      $('original-sha256').textContent = original.sha256;
      $('original-manifest-root').textContent = original.manifestRoot;
    } else {
      state.textContent = t('unreadable')(original.name, original.error);
    }
    updateVerifyButton();
  }

  function chooseOriginal(file) {
    if (original.job) {
      original.job.cancel();
    }
    const job = DprHashing.hashFile(file, fraction => {
      if (original.job === job) {
        original.fraction = fraction;
        renderOriginal();
      }
    });
    original = { state: 'hashing', name: file.name, size: file.size, fraction: 0, job: job };
    renderOriginal();
    job.done.then(digests => {
      if (original.job === job) {
        original = { state: 'hashed', name: file.name, size: file.size, sha256: digests.sha256,
          manifestRoot: digests.manifestRoot, seconds: digests.seconds };
        renderOriginal();
      }
    }, e => {
      if (original.job === job) {
        original = { state: 'unreadable', name: file.name, error: e.name + ': ' + e.message };
        renderOriginal();
      }
    });
  }

  function clearOriginal() {
    if (original.job) {
      original.job.cancel();
    }
    original = { state: 'none' };
    originalInput.value = '';
    renderOriginal();
  }

  function statusWords(status) {
    if (language === 'zh') {
      const words = STATUS_ZH[status.state];
      return words ? words(status) : status.state;
    }
    return status.words;
  }

  // The status that decides whether the act is in effect: the ledger's now when known, else the certificate's.
  function decidingStatus(body) {
    return body.statusNow && body.statusNow.stated ? body.statusNow : body.status || { state: 'NOT_STATED' };
  }

  function outcomeOf(body) {
    if (body.verdict !== 'PASS') {
      return ['fail', t('fail')];
    }
    const state = decidingStatus(body).state;
    if (state === 'EFFECTIVE') {
      return ['effective', t('passEffective')];
    }
    if (state === 'REJECTED') {
      return ['rejected', t('passRejected')];
    }
    if (state === 'PENDING_REVIEW' || state === 'IN_PUBLICITY') {
      return ['not-in-effect', t('passPending') + PENDING_WORDS[language][state](decidingStatus(body))];
    }
    return ['unstated', t('passUnstated')];
  }

  function checkLabel(name) {
    const label = CHECKS[name];
    return label ? label[language === 'zh' ? 1 : 0] : name;
  }

  function render(body) {
    lastBody = body;
    const [kind, head] = outcomeOf(body);
    const outcome = $('outcome');
    outcome.className = 'outcome ' + kind;
    outcome.dataset.outcome = kind;
    $('outcome-head').textContent = head;
    $('verdict').textContent = body.verdict;
    const line = body.verdictLine || body.verdict;
    const qualifier = line.substring(body.verdict.length).trim();
    $('verdict-qualifier').textContent = language === 'zh' && qualifier
        ? '（行为未生效：' + (STATE_ZH[decidingStatus(body).state] || decidingStatus(body).state) + '）' : qualifier;

    const status = body.status || { state: 'NOT_STATED', words: 'not stated' };
    $('act-status').textContent = t('statusAtIssue') + statusWords(status);
    const now = $('act-status-now');
    now.hidden = !body.statusNow;
    if (body.statusNow) {
      const n = body.statusNow;
      now.textContent = t('statusNow') + (n.stated ? statusWords(n) : n.source) + (n.since ? t('since') + n.since : '')
          + (n.changed ? t('changed') : t('unchanged'));
    }

    const failed = body.checks.filter(c => c.status === 'FAILED');
    const failedSummary = $('failed-summary');
    failedSummary.hidden = failed.length === 0;
    failedSummary.textContent = failed.length === 0 ? ''
        : t('failedChecks')(failed.length, failed.map(c => checkLabel(c.name)).join(language === 'zh' ? '、' : ', '));

    renderSummary(body);
    $('certificate-id').textContent = body.certificateId ? t('certificateId')(body.certificateId)
        : t('unreadableCertificate');

    const rows = $('checks');
    rows.replaceChildren();
    const ordered = failed.concat(body.checks.filter(c => c.status !== 'FAILED'));
    for (const check of ordered) {
      const row = document.createElement('tr');
      row.className = check.status;
      row.dataset.check = check.name;
      row.dataset.status = check.status;
      const name = document.createElement('td');
      name.className = 'check';
      name.append(checkLabel(check.name), document.createElement('br'));
      const id = document.createElement('code');
      id.textContent = check.name;
      name.append(id);
      row.append(name, cell('status', t(check.status) || check.status), cell('reason', check.reason));
      rows.appendChild(row);
    }
    result.hidden = false;
  }

  function cell(cls, text) {
    const td = document.createElement('td');
    td.className = cls;
    td.textContent = text;
    return td;
  }

  function renderSummary(body) {
    const summary = $('summary');
    const certified = body.certified;
    summary.hidden = !certified;
    if (!certified) {
      return;
    }
    const confirmed = body.verdict === 'PASS';
    summary.classList.toggle('unconfirmed', !confirmed);
    $('summary-heading').textContent = confirmed ? t('certifiedHeading') : t('claimedHeading');
    $('statement').textContent = language === 'zh' ? certified.statementZh : certified.statementEn;
    const rows = $('particulars').tBodies[0];
    rows.replaceChildren();
    for (const f of certified.particulars) {
      const row = document.createElement('tr');
      row.dataset.field = f.en;
      const label = document.createElement('th');
      label.textContent = language === 'zh' ? f.zh : f.en;
      row.append(label, cell('value', f.value));
      rows.appendChild(row);
    }
  }

  async function verify() {
    if (verifyButton.disabled) {
      return;
    }
    errorBox.hidden = true;
    result.hidden = true;
    lastBody = null;
    verifying = true;
    updateVerifyButton();
    try {
      const form = new FormData();
      form.append('certificate', certificate.blob, certificate.name);
      if (original.state === 'hashed') {
        form.append('sha256', original.sha256);
        form.append('manifestRoot', original.manifestRoot);
      }
      const response = await fetch('/api/verify', { method: 'POST', body: form });
      const body = await response.json();
      if (!response.ok) {
        fail((body.title || 'Error') + ': ' + (body.detail || response.status));
        return;
      }
      render(body);
    } catch (e) {
      fail(t('unreachable')(e));
    } finally {
      verifying = false;
      updateVerifyButton();
    }
  }

  function renderTrust() {
    const line = $('trust-fingerprint-line');
    line.hidden = !trust || !trust.fingerprint;
    if (trust && trust.fingerprint) {
      $('trust-fingerprint').textContent = trust.fingerprint;
      $('trust-state').textContent = t('trustBytes')(trust.bytes);
    } else if (trust && trust.error) {
      $('trust-state').textContent = t('trustFailed')(trust.error);
    } else if (trust) {
      $('trust-state').textContent = t('trustFetching');
    }
  }

  // The fingerprint is the SHA-256 of exactly the bytes saved, computed here, not taken from the server.
  async function downloadTrustBundle() {
    trust = {};
    renderTrust();
    try {
      const response = await fetch('/api/trust-bundle', { headers: { Accept: 'application/json' } });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!response.ok) {
        throw new Error('HTTP ' + response.status + ' ' + new TextDecoder().decode(bytes));
      }
      let digest;
      if (window.crypto && window.crypto.subtle) {
        digest = new Uint8Array(await window.crypto.subtle.digest('SHA-256', bytes));
      } else {
        const h = DprDigests.sha256();
        h.update(bytes);
        digest = h.digest();
      }
      trust = { bytes: bytes.length, fingerprint: DprDigests.hex(digest) };
      const link = $('trust-link');
      if (link.href) {
        URL.revokeObjectURL(link.href);
      }
      link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/json' }));
      link.hidden = false;
      link.click();
    } catch (e) {
      trust = { error: String(e) };
    }
    renderTrust();
  }

  certificateInput.addEventListener('change', () => {
    if (certificateInput.files.length > 0) {
      setCertificate(certificateInput.files[0], certificateInput.files[0].name);
    }
  });
  originalInput.addEventListener('change', () => {
    if (originalInput.files.length > 0) {
      chooseOriginal(originalInput.files[0]);
    }
  });
  $('original-clear').addEventListener('click', clearOriginal);
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
  $('trust-download').addEventListener('click', downloadTrustBundle);
  for (const b of document.querySelectorAll('button.language')) {
    b.addEventListener('click', () => setLanguage(b.dataset.lang));
  }
  applyLanguage();

  // /verify?cert=<id>: the certificate this registry issued, fetched and verified at once.
  const id = new URLSearchParams(window.location.search).get('cert');
  if (id) {
    fetch('/api/certificates/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
      .then(async response => {
        if (!response.ok) {
          const problem = await response.json();
          fail(t('certificateId')(id) + ': ' + (problem.detail || response.status));
          return;
        }
        setCertificate(await response.blob(), t('fromRegistry')(id));
        await verify();
      })
      .catch(e => fail(t('fetchFailed')(e)));
  }
}());
