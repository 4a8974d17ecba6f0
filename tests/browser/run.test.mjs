// Browser tests of the Netral pages: playwright-core driving Debian's chromium
// against the real binary on a fresh demo database. Each test is what a user
// does with the mouse and keyboard; screenshots of the main pages are saved in
// $ARTEFACTS (default artefacts/browser).
//
//   NETRAL_BIN=build/netral node --test --test-concurrency=1 tests/browser/run.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BIN = path.resolve(process.env.NETRAL_BIN || 'build/netral');
const ART = path.resolve(process.env.ARTEFACTS || 'artefacts/browser');
const PASSWORD = 'netral-demo-2020';
const XSS = '<img src=x onerror="document.title=\'XSS\'"><script>document.title=\'XSS\'</script>';

let tmp, server, base, browser, TODAY; // TODAY: the server's date, from the report form
const shared = {}; // state handed from one test to the next, in order

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(port) {
  for (let i = 0; i < 300; i++) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netral-browser-'));
  fs.mkdirSync(ART, { recursive: true });
  const db = path.join(tmp, 'netral.db');
  const demo = spawnSync(BIN, ['demo', '--db', db, '--roster-scale', '0.1'], { encoding: 'utf8' });
  assert.equal(demo.status, 0, demo.stderr);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  server = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--threads', '4'], { stdio: ['ignore', log, log] });
  await waitFor(port);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
  }
  const log = fs.readFileSync(path.join(tmp, 'server.log'), 'utf8');
  assert.doesNotMatch(log, /AddressSanitizer|runtime error/);
  fs.rmSync(tmp, { recursive: true, force: true });
});

// A fresh browser profile per user: its own cookies. Any dialog (alert) fails the test.
async function session(user) {
  const ctx = await browser.newContext({ baseURL: base, locale: 'id-ID' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10000);
  page.on('dialog', async (d) => { await d.dismiss(); throw new Error('a dialog opened: ' + d.message()); });
  if (user) {
    await page.goto('/masuk');
    await page.getByLabel('Nama pengguna').fill(user);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL('**/kasus');
  }
  return { ctx, page };
}

// Submits a form by its button and expects to land back on `path`, showing the refusal if not.
async function submit(page, button, path) {
  await Promise.all([page.waitForNavigation(), button.click()]);
  const err = page.locator('[role="alert"]');
  if (await err.count()) assert.fail(`refused on ${page.url()}: ${await err.first().textContent()}`);
  assert.equal(new URL(page.url()).pathname, path);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ART, name + '.png'), fullPage: true });
}

// Nothing a user typed became markup: no injected element, no changed title, the text shown as text.
async function assertInert(page) {
  assert.notEqual(await page.title(), 'XSS');
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.locator('main script').count(), 0);
}

// People read labels and dates in words: no internal code (a word with an underscore, as
// "laporan_diterima" or "kepala_desa") and no ISO timestamp in the text a page shows (code
// samples in <code> and <pre> aside).
async function assertWords(page) {
  const found = await page.evaluate(() => {
    const body = document.body.cloneNode(true);
    for (const el of body.querySelectorAll('code, pre, script, style, svg title')) el.remove();
    const text = body.innerText;
    return [...(text.match(/\b[a-z]+_[a-z_]+\b/g) || []), ...(text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g) || [])];
  });
  assert.deepEqual(found, [], `raw codes or ISO times on ${page.url()}`);
}

// Every form control has an accessible name, and text has at least 4.5:1 contrast.
async function assertAccessible(page) {
  await assertWords(page);
  const problems = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
      const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') ||
        (el.tagName === 'BUTTON' && el.textContent.trim());
      if (!named) out.push('no label: ' + el.outerHTML.slice(0, 80));
    }
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bg = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || seen.has(el) || !el.checkVisibility()) continue;
      if (el.closest('svg')) continue; // chart labels are checked as text of their tables
      seen.add(el);
      const fg = rgb(getComputedStyle(el).color).slice(0, 3);
      const [a, b] = [lum(fg), lum(bg(el))].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 4.5) out.push(`contrast ${ratio.toFixed(2)}: "${n.textContent.trim().slice(0, 40)}"`);
    }
    return out;
  });
  assert.deepEqual(problems, []);
}

test('public report with evidence, receipt, then its status', async () => {
  const { ctx, page } = await session();
  await page.goto('/');
  await assertAccessible(page);
  await shot(page, '01-beranda');
  await page.getByRole('link', { name: 'Lapor pelanggaran' }).first().click();
  await page.getByLabel('Laporan (dengan identitas pelapor)').check();
  TODAY = await page.getByLabel('Tanggal Anda mengetahui kejadian').inputValue();
  await page.getByLabel('Pemilihan').selectOption('pilbup-blitar-2020');
  await page.getByLabel('Tanggal kejadian', { exact: true }).fill(TODAY);
  await page.getByLabel('Tempat kejadian').fill('Akun Facebook "Pak Camat Sejahtera" ' + XSS);
  shared.marker = 'Unggahan ajakan memilih ' + randomBytes(4).toString('hex');
  await page.getByLabel('Nama, jabatan dan instansi').fill('Camat Wonodadi ' + XSS);
  await page.getByLabel('Uraian kejadian').fill(shared.marker + ' ' + XSS);
  await page.getByLabel('Nama lengkap').fill('Warga Pelapor ' + XSS);
  await page.getByLabel('Pekerjaan', { exact: true }).fill('Petani ' + XSS);
  await page.getByLabel('Alamat', { exact: true }).fill('Desa Kolomayan ' + XSS);
  await page.getByLabel('Telepon', { exact: true }).fill('0812 ' + XSS);
  await page.getByLabel('E-mail').fill('warga@example.org');
  // a real picture (1x1), with bytes of its own after its end so every run's hash differs
  const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const png = Buffer.concat([Buffer.from(pixel, 'base64'), randomBytes(2048)]);
  shared.pngSha = createHash('sha256').update(png).digest('hex');
  await page.getByLabel(/^Bukti/).setInputFiles([{ name: 'tangkapan-layar.png', mimeType: 'image/png', buffer: png }]);
  await assertAccessible(page);
  await shot(page, '02-lapor');
  await page.getByRole('button', { name: 'Kirim' }).click();
  const code = (await page.getByLabel('Kode tanda terima').textContent()).trim();
  assert.match(code, /^LP-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  // the receipt: when, who handles it, what was reported, what happens next and by when
  const receipt = await page.locator('dl.facts').textContent();
  assert.match(receipt, /Berkas bukti yang diterima\s*1/);
  assert.match(receipt, /Ditangani oleh\s*Bawaslu Kabupaten Blitar/);
  assert.match(receipt, new RegExp(shared.marker));
  assert.match(await page.locator('#berikut-judul + p').textContent(), /paling lambat \d{1,2} \w{3} \d{4}/);
  await assertAccessible(page);
  await shot(page, '03-tanda-terima');
  await assertInert(page);
  // the status page, by keyboard only
  await page.goto('/status');
  await page.getByLabel(/Kode tanda terima/).focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.waitForURL(/kode=/);
  const body = await page.locator('main').textContent();
  assert.match(body, /Laporan diterima/);
  assert.doesNotMatch(body, /Warga Pelapor|Wonodadi|Petani/); // stages and dates only
  await shot(page, '04-status');
  shared.code = code;
  await ctx.close();
});

test('a refused report keeps what was typed and says what is wrong beside the field', async () => {
  const { ctx, page } = await session();
  await page.goto('/lapor');
  const later = await page.getByLabel('Tanggal Anda mengetahui kejadian').inputValue();
  const known = new Date(Date.parse(later) - 86400000).toISOString().slice(0, 10);
  await page.getByLabel('Pemilihan').selectOption('pilbup-blitar-2020');
  // the day of the act after the day it became known: only the server can refuse that
  await page.getByLabel('Tanggal Anda mengetahui kejadian').fill(known);
  await page.getByLabel('Tanggal kejadian', { exact: true }).fill(later);
  await page.getByLabel('Tempat kejadian').fill('Balai desa ' + XSS);
  await page.getByLabel('Nama, jabatan dan instansi').fill('Kepala sekolah');
  await page.getByLabel('Uraian kejadian').fill('Mengajak guru memilih ' + XSS);
  await page.getByLabel('Nama lengkap').fill('Warga Teliti');
  await page.getByLabel(/^Bukti/).setInputFiles([{ name: 'foto-ajakan.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('ffd8ffe000', 'hex') }]);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kirim' }).click()]);
  // everything typed is still there
  assert.equal(await page.getByLabel('Tempat kejadian').inputValue(), 'Balai desa ' + XSS);
  assert.equal(await page.getByLabel('Uraian kejadian').inputValue(), 'Mengajak guru memilih ' + XSS);
  assert.equal(await page.getByLabel('Nama lengkap').inputValue(), 'Warga Teliti');
  assert.equal(await page.getByLabel('Tanggal kejadian', { exact: true }).inputValue(), later);
  // the reason beside the field (its description), and a summary at the top that leads to it
  const field = page.getByLabel('Tanggal kejadian', { exact: true });
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const said = await page.locator('#' + (await field.getAttribute('aria-describedby'))).textContent();
  assert.match(said, /setelah tanggal diketahui/);
  const summary = page.locator('#ringkasan-salah');
  assert.match(await summary.textContent(), /Tanggal kejadian:/);
  assert.match(await summary.textContent(), /foto-ajakan\.jpg/); // the file, to choose again
  await summary.getByRole('link').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tanggal_kejadian');
  await assertInert(page);
  await assertAccessible(page);
  await shot(page, '19-lapor-ditolak');
  await page.setViewportSize({ width: 375, height: 800 });
  await shot(page, '20-lapor-ditolak-ponsel');
  await ctx.close();
});

test('staff: login, complete the report, registration, clarification, study, forwarding', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await assertAccessible(page);
  await shot(page, '05-kotak-masuk');
  await page.getByLabel('Cari').fill(shared.marker);
  await page.getByRole('button', { name: 'Saring' }).click();
  await page.getByRole('table').getByRole('link', { name: /Laporan/ }).first().click();
  shared.caseUrl = new URL(page.url()).pathname;
  await assertInert(page);
  // the evidence the citizen sent, shown in the page, its hash one click away
  const shown = page.locator('.evidence img').first();
  await assert.doesNotReject(shown.waitFor());
  await shown.scrollIntoViewIfNeeded();
  const width = await shown.evaluate((img) => img.complete && img.naturalWidth > 0 ? img.naturalWidth
    : new Promise((done) => { img.onload = () => done(img.naturalWidth); img.onerror = () => done(0); }));
  assert.ok(width > 0, 'the image preview loads');
  await page.locator('.evidence summary', { hasText: 'SHA-256' }).first().click();
  await assert.doesNotReject(page.getByText(shared.pngSha).waitFor());
  // the reporter's identity, behind a button that says the view is recorded
  await page.getByLabel(/Keperluan membuka identitas pelapor/).fill('Menjadwalkan klarifikasi pelapor');
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Lihat identitas pelapor — tercatat di log audit' }).click()]);
  const identity = page.locator('section.identity');
  assert.match(await identity.textContent(), /Warga Pelapor/);
  await assertInert(page);
  await shot(page, '06b-identitas-pelapor');
  const adm = await browser.newContext({ baseURL: base });
  await adm.request.post('/api/v1/login', { data: { username: 'admin', password: PASSWORD } });
  const caseNo = shared.caseUrl.split('/').pop();
  const audit = await (await adm.request.get(`/admin/audit?kasus=${caseNo}&tindakan=pelapor.lihat`)).text();
  assert.match(audit, /Identitas pelapor dilihat/);
  assert.match(audit, /Menjadwalkan klarifikasi pelapor/);
  await adm.close();
  await page.goto(shared.caseUrl);
  // an ASN of Pemkab Blitar (the PPK's agency), from the API as that PPK sees it
  const ppk = await browser.newContext({ baseURL: base });
  await ppk.request.post('/api/v1/login', { data: { username: 'ppk.blitar', password: PASSWORD } });
  // one who has not signed a neutrality pledge yet: the prevention test records theirs
  const asn = await (await ppk.request.get('/api/v1/asn?limit=100')).json();
  for (const a of asn.items || asn) {
    if ((await (await ppk.request.get('/api/v1/asn/' + a.nip)).json()).ikrar) continue;
    shared.nip = a.nip;
    shared.asnName = a.name;
    break;
  }
  await ppk.close();
  assert.ok(shared.nip, 'an ASN without a pledge in the demo roster');
  await page.getByLabel('Judul').fill('Camat ajak pilih paslon ' + XSS);
  await page.getByLabel('Tambah ASN terlapor').fill(shared.nip);
  await page.getByRole('checkbox', { name: /^\s*D2:/ }).check();
  await submit(page, page.getByRole('button', { name: 'Simpan data kasus' }), shared.caseUrl);
  await assertInert(page);
  const steps = ['kajian_awal', 'diregistrasi', 'klarifikasi', 'kajian', 'diteruskan'];
  for (const to of steps) {
    const form = page.locator(`form.step:has(input[name="ke"][value="${to}"]):not([action*="terlapor"])`);
    if (to === 'diregistrasi') {
      // the steps that stop or close the case stand apart, each stating its consequence and
      // asking for a confirmation before it can be sent
      const end = page.getByRole('group', { name: 'Menghentikan atau menutup kasus' });
      assert.ok(await end.locator('form').count() > 0);
      for (const f of await end.locator('form').all()) {
        assert.match(await f.locator('.consequence').textContent(), /Akibat langkah ini:/);
        const box = f.getByLabel('Saya memahami akibatnya dan tetap mengambil langkah ini');
        assert.equal(await box.getAttribute('required'), '');
      }
      const first = end.locator('form').first();
      await first.getByRole('button').click(); // not sent: the confirmation is required
      assert.equal(new URL(page.url()).pathname, shared.caseUrl);
      assert.equal(await first.locator('input[name="konfirmasi"]').evaluate((el) => el.validity.valueMissing), true);
      await shot(page, '06a-langkah-berkelompok');
    }
    await form.locator('textarea').fill(`Langkah ${to.replaceAll('_', ' ')} ${XSS}`);
    await submit(page, form.getByRole('button'), shared.caseUrl);
    if (to === 'klarifikasi') await shot(page, '06-kasus');
  }
  const status = await page.locator('p.status').textContent();
  assert.match(status, /Diteruskan/i);
  assert.match(status, /Nomor registrasi \d{3}\/Reg\/LP\//);
  await assertInert(page);
  await assertAccessible(page);
  await ctx.close();
});

test('documents from the case page: the minutes typed on a form, the PDF, and its check by anyone', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto(shared.caseUrl);
  const docs = page.locator('section.documents');
  await docs.scrollIntoViewIfNeeded();
  assert.match(await docs.textContent(), /Surat penerusan kepada otoritas kepegawaian/);
  await shot(page, '06c-dokumen-resmi');
  await docs.getByRole('link', { name: 'Berita acara klarifikasi' }).click();
  await assertAccessible(page);
  await page.getByLabel('Nama yang diklarifikasi').fill('Sdr. Saksi ' + XSS);
  await page.getByLabel('Sebagai').selectOption('saksi');
  await page.getByLabel('Tanggal (wajib)').fill(TODAY);
  await page.getByLabel('Tempat (wajib)').fill('Ruang klarifikasi');
  await page.getByLabel(/Identitas yang ditunjukkan/).fill('KTP');
  await page.getByLabel('Sumpah/janji').selectOption('bersedia disumpah');
  await page.getByLabel('Pertanyaan 1', { exact: true }).fill('Apakah Saudara melihat unggahan itu?');
  await page.getByLabel('Jawaban 1', { exact: true }).fill('Ya, pada pagi hari.');
  // more questions without losing what was typed
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tambah pertanyaan' }).click()]);
  assert.equal(await page.getByLabel('Pertanyaan 1', { exact: true }).inputValue(), 'Apakah Saudara melihat unggahan itu?');
  assert.equal(await page.getByLabel('Nama yang diklarifikasi').inputValue(), 'Sdr. Saksi ' + XSS);
  assert.ok(await page.getByLabel('Pertanyaan 8', { exact: true }).count());
  await page.getByLabel('Pertanyaan 2', { exact: true }).fill('Siapa yang mengunggah?');
  await page.getByLabel('Jawaban 2', { exact: true }).fill('Akun milik terlapor.');
  await assertInert(page);
  await shot(page, '06d-berita-acara-formulir');
  await page.setViewportSize({ width: 375, height: 800 });
  await shot(page, '06e-berita-acara-ponsel');
  await page.setViewportSize({ width: 1366, height: 900 });
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Terbitkan PDF' }).click()]);
  const file = path.join(tmp, 'berita-acara.pdf');
  await download.saveAs(file);
  assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
  assert.match(text, /Akunmilikterlapor\./);
  const [, code, digest] = text.match(/\/verifikasi\/([0-9a-f]{12})\?h=([0-9a-f]{64})/);
  // the case page lists it; the public page says it is genuine and current
  await page.goto(shared.caseUrl);
  assert.match(await page.locator('section.documents table').textContent(), /Berita acara klarifikasi/);
  const anyone = await session(null);
  await anyone.page.goto(`/verifikasi/${code}?h=${digest}`);
  assert.match(await anyone.page.locator('main').textContent(), /Asli dan berlaku/);
  await assertAccessible(anyone.page);
  await shot(anyone.page, '06f-verifikasi');
  await anyone.page.goto(`/verifikasi/${code}?h=${digest.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`);
  assert.match(await anyone.page.locator('main').textContent(), /Tidak cocok/);
  await anyone.page.setViewportSize({ width: 375, height: 800 });
  await shot(anyone.page, '06g-verifikasi-ponsel');
  await anyone.ctx.close();
  // the exchange page: packages and keys, and an upload that refuses what is not a package
  await page.goto('/pertukaran');
  await assertAccessible(page);
  await page.getByLabel('Paket dari pihak lain (.tar)').setInputFiles({ name: 'bukan.tar', mimeType: 'application/x-tar',
    buffer: Buffer.from('bukan paket') });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Periksa dan impor' }).click()]);
  assert.match(await page.locator('[role="alert"]').textContent(), /Paket ditolak: .*Tidak ada yang disimpan/);
  await shot(page, '06h-pertukaran');
  await ctx.close();
});

test('the authority recommends, then the PPK imposes the sanction', async () => {
  const oto = await session('otoritas');
  await oto.page.goto(shared.caseUrl);
  const rec = oto.page.locator(`section.party:has(a[href="/asn/${shared.nip}"]) form:has(input[value="rekomendasi_terbit"])`);
  // the catalogue's level is pre-selected; another level would need a written reason
  assert.notEqual(await rec.getByLabel('Sanksi yang direkomendasikan').inputValue(), '');
  await rec.getByLabel('Nomor surat rekomendasi').fill('R-12/BKN/' + XSS);
  await rec.getByLabel('Tanggal rekomendasi').fill(TODAY);
  await shot(oto.page, '07-rekomendasi');
  await submit(oto.page, rec.getByRole('button'), shared.caseUrl);
  assert.match(await oto.page.locator('section.party').textContent(), /Rekomendasi BKN nomor R-12\/BKN\//);
  await assertInert(oto.page);
  await oto.ctx.close();

  const ppk = await session('ppk.blitar');
  await ppk.page.goto(shared.caseUrl);
  const sk = ppk.page.locator(`form:has(input[value="sanksi_dijatuhkan"])`);
  await sk.getByLabel('Nomor SK sanksi').fill('800/77/409/2026 ' + XSS);
  await sk.getByLabel('Tanggal SK').fill(TODAY);
  // the decree's scan goes with the step
  const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]);
  await sk.getByLabel('Pindaian SK (PDF atau foto)').setInputFiles([{ name: 'sk-sanksi.pdf', mimeType: 'application/pdf', buffer: scan }]);
  await submit(ppk.page, sk.getByRole('button', { name: 'Sanksi dijatuhkan' }), shared.caseUrl);
  const party = await ppk.page.locator('section.party').textContent();
  assert.match(party, /SK sanksi nomor 800\/77\/409\/2026/);
  assert.match(party, /Sanksi dijatuhkan/i);
  assert.match(await ppk.page.locator('ul.evidence').textContent(), /sk-sanksi\.pdf/);
  await assertInert(ppk.page);
  await shot(ppk.page, '08-sanksi');
  await ppk.ctx.close();
});

test('dashboard figures equal the API and link to their lists', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto('/dasbor');
  await shot(page, '09-dasbor');
  const stats = await (await ctx.request.get('/api/v1/stats')).json();
  for (const [group, id] of [['kasus_per_status', 'chart-status'], ['kasus_per_bulan', 'chart-bulan'],
    ['asn_per_kategori', 'chart-kategori'], ['asn_per_jabatan', 'chart-jabatan']]) {
    const shown = await page.locator(`section:has(#${id}) td[data-key]`).evaluateAll((tds) =>
      Object.fromEntries(tds.map((td) => [td.dataset.key, Number(td.textContent.replaceAll('.', ''))])));
    assert.deepEqual(shown, Object.fromEntries(stats[group].map((r) => [r.key, r.count])), group);
  }
  // a figure leads to the list it counts
  const row = stats.kasus_per_status[0];
  await page.locator(`section:has(#chart-status) a[href="/kasus?status=${row.key}"]`).first().click();
  await page.waitForURL(/status=/);
  const listed = await page.locator('[data-total]').getAttribute('data-total');
  assert.equal(Number(listed), row.count);
  await ctx.close();
});

test('the dashboard filtered by election: headline, funnel and map, each figure opening its list', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto('/dasbor');
  // who is signed in: a person, with their office
  assert.match(await page.locator('header .who').textContent(), /^[A-Z][^,]+, Bawaslu Kabupaten Blitar$/);
  await page.getByLabel('Pemilihan').selectOption('pilbup-blitar-2026');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Terapkan' }).click()]);
  assert.match(page.url(), /pemilihan=pilbup-blitar-2026/);
  await assertAccessible(page);
  const stats = await (await ctx.request.get('/api/v1/stats?pemilihan=pilbup-blitar-2026')).json();
  const headline = await page.locator('.headline a').evaluateAll((as) => as.map((a) => ({
    n: Number(a.querySelector('.big').textContent.replaceAll('.', '')), href: a.getAttribute('href') })));
  assert.equal(headline[0].n, stats.jumlah_kasus);
  assert.deepEqual(headline.slice(1).map((h) => h.n), stats.corong_asn.map((s) => s.count));
  // the funnel's "recommended" figure opens the list of exactly those ASN
  const rec = stats.corong_asn.find((s) => s.key === 'rekomendasi');
  await page.locator('.headline a[href^="/terlapor?tahap=rekomendasi"]').click();
  await page.waitForURL(/tahap=rekomendasi/);
  assert.equal(Number(await page.locator('[data-total]').getAttribute('data-total')), rec.count);
  assert.match(page.url(), /pemilihan=pilbup-blitar-2026/);
  await page.goBack();
  // the map: the user's area outlined, a legend entry for every colour drawn
  const fills = await page.locator('svg.map path[fill]').evaluateAll((ps) => [...new Set(ps.map((p) => p.getAttribute('fill')))]);
  const legend = await page.locator('#peta .legend rect').evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
  for (const f of fills) assert.ok(legend.includes(f), `colour ${f} has no legend entry`);
  assert.ok(await page.locator('svg.map path.fokus-line').count() > 0);
  // labels never run into the bars: every label ends left of where its row's bar begins... above it
  const overlaps = await page.locator('.chart svg a').evaluateAll((as) => as.filter((a) => {
    const label = a.querySelector('text.label'), bar = a.querySelector('rect.bar');
    if (!label || !bar) return false;
    const l = label.getBBox(), b = bar.getBBox();
    return l.y + l.height > b.y + 0.5 && l.x < b.x + b.width;
  }).length);
  assert.equal(overlaps, 0);
  await shot(page, '09a-dasbor-pemilihan');
  await page.setViewportSize({ width: 375, height: 800 });
  await shot(page, '09b-dasbor-ponsel');
  // the print view: figures only, tables open
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('link', { name: 'Tampilan cetak' }).click();
  await page.waitForURL(/cetak=1/);
  assert.equal(await page.locator('header nav').isVisible(), false);
  assert.ok(await page.locator('details[open]').count() > 0);
  await shot(page, '09c-dasbor-cetak');
  await ctx.close();
});

test('a patrol from the browser: upload an export, watch it run, review what it found', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto('/patroli');
  await page.getByRole('link', { name: 'Jalankan patroli dari berkas ekspor' }).click();
  await page.getByLabel('Pemilihan yang dipatroli').selectOption('pilbup-blitar-2020');
  const items = [
    { platform: 'facebook', id: 'br-1', kind: 'post', created_at: TODAY + 'T08:00:00+07:00',
      author: { handle: 'br.akun', name: 'Akun Uji' }, text: 'Ayo coblos Mas Har, menang satu putaran!' },
    { platform: 'facebook', id: 'br-2', kind: 'like', created_at: TODAY + 'T08:10:00+07:00',
      author: { handle: 'br.akun2', name: 'Akun Dua' },
      target: { id: 't1', author: { handle: 'mas.har', name: 'Mas Har' }, text: 'Coblos nomor 1 tanggal 9 Desember' } },
  ];
  const body = items.map((x) => JSON.stringify(x)).join('\n') + '\n{baris rusak\n';
  await page.getByLabel('Berkas ekspor').setInputFiles({ name: 'ekspor-patroli.jsonl', mimeType: 'application/json', buffer: Buffer.from(body) });
  await assertAccessible(page);
  await shot(page, '25-patroli-jalankan');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Mulai patroli' }).click()]);
  shared.patrolRun = new URL(page.url()).pathname;
  await page.getByText('Status: Selesai').waitFor({ timeout: 20000 });
  assert.match(await page.locator('.headline').textContent(), /3\s+item dibaca/);
  assert.match(await page.locator('.headline').textContent(), /1\s+baris rusak/);
  await assertAccessible(page);
  await shot(page, '26-patroli-hasil');
  await page.getByRole('link', { name: 'Tinjau temuan baru di antrean' }).click();
  const like = page.locator('article.finding', { hasText: 'Akun Dua' });
  assert.match(await like.textContent(), /suka atas unggahan Mas Har/);
  assert.match(await like.textContent(), /Coblos nomor 1 tanggal 9 Desember/);
  await assertAccessible(page);
  await shot(page, '27-patroli-antrean');
  // a dismissal with its reason: back to the same queue, the finding gone from it
  await like.getByLabel('Alasan mengabaikan').fill('Akun parodi, bukan ASN');
  await Promise.all([page.waitForNavigation(), like.getByRole('button', { name: 'Abaikan' }).click()]);
  assert.match(page.url(), /\/patroli\?status=baru$/);
  assert.equal(await page.locator('article.finding', { hasText: 'Akun Dua' }).count(), 0);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(shared.patrolRun);
  await shot(page, '28-patroli-hasil-ponsel');
  await ctx.close();
});

test('prevention: an agreement recorded in the browser covers the election it serves', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.getByRole('link', { name: 'Pencegahan' }).click();
  // the demo's office already has an agreement for this election, or none yet
  const row = page.locator('tr[data-election="pilbup-blitar-2026"]');
  const had = Number(((await row.textContent()).match(/(\d+) berlaku/) || [0, 0])[1]);
  await assertAccessible(page);
  await shot(page, '29-pencegahan');
  const kf = page.getByRole('form', { name: 'Catat kesepakatan' });
  await kf.getByLabel('Jenis (wajib)').selectOption('pks');
  await kf.getByLabel('Nomor kesepakatan (wajib)').fill('003/PKS/BWS-BLT/VIII/2026');
  await kf.getByLabel('Tanggal ditandatangani (wajib)').fill(TODAY);
  await kf.getByLabel('Pemilihan', { exact: true }).selectOption('pilbup-blitar-2026');
  await kf.getByLabel('Tempat penandatanganan').fill('Pendopo Kabupaten ' + XSS);
  await kf.getByLabel('Ruang lingkup (wajib)').fill('Sosialisasi dan pengawasan netralitas ASN bersama');
  await kf.getByLabel('Pihak 1: instansi').fill('Bawaslu Kabupaten Blitar');
  await kf.getByLabel('Pihak 1: penandatangan').fill('Ketua Bawaslu Contoh');
  await kf.getByLabel('Pihak 2: instansi').fill('Pemerintah Kabupaten Blitar');
  await kf.getByLabel('Pihak 2: penandatangan').fill('Bupati Contoh');
  await kf.getByLabel('Saksi 1: nama').fill('Saksi Contoh');
  await submit(page, page.getByRole('button', { name: 'Catat kesepakatan' }), '/pencegahan');
  assert.match(await page.locator('.done-summary').textContent(), /Kesepakatan kerja sama dicatat/);
  assert.match(await row.textContent(), new RegExp(`${had + 1} berlaku`));
  assert.match(await page.locator('article.finding').first().textContent(), /003\/PKS\/BWS-BLT\/VIII\/2026/);
  await assertInert(page);
  await assertAccessible(page);
  // a neutrality pledge for an ASN of the case handled earlier: then on their case page
  const pf = page.getByRole('form', { name: 'Catat ikrar' });
  await pf.getByLabel('NIP (wajib)').fill(shared.nip);
  await pf.getByLabel('Tanggal ditandatangani (wajib)').fill(TODAY);
  await pf.getByLabel('Cara penandatanganan').selectOption('acara');
  await pf.getByLabel('Acara (bila ditandatangani dalam acara)').fill('Apel ikrar netralitas');
  await submit(page, pf.getByRole('button', { name: 'Catat ikrar' }), '/pencegahan/ikrar');
  assert.match(await page.locator('.done-summary').textContent(), /Ikrar netralitas dicatat/);
  assert.ok(await page.locator('section:has(#ikrar-judul) tr[data-agency]').count() > 0);
  await assertAccessible(page);
  await shot(page, '31-ikrar');
  await page.goto(shared.caseUrl);
  assert.match(await page.locator('p.pledge').first().textContent(), /Telah menandatangani Ikrar Netralitas/);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/pencegahan');
  await shot(page, '30-pencegahan-ponsel');
  await ctx.close();
});

test('an event recorded in the browser, its attendance list checked and the unsure name confirmed', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  // attendees from the office's roster: one by NIP, one by two words of a longer name
  const all = await (await page.request.get('/api/v1/asn?limit=200')).json();
  const list = all.items || all;
  const byNip = list[0];
  const byName = list.find((a) => a.nip !== byNip.nip && /^[A-Za-z]+( [A-Za-z]+){2,}$/.test(a.name));
  const words = byName.name.split(' ');
  await page.getByRole('link', { name: 'Pencegahan' }).first().click();
  await page.getByRole('link', { name: 'Sosialisasi dan kegiatan' }).click();
  const f = page.getByRole('form', { name: 'Catat kegiatan' });
  await f.getByLabel('Nama kegiatan (wajib)').fill('Sosialisasi netralitas ASN bagi camat ' + XSS);
  await f.getByLabel('Jenis kegiatan (wajib)').selectOption('sosialisasi');
  await f.getByLabel('Tanggal dilaksanakan (wajib)').fill(TODAY);
  await f.getByLabel('Cara pelaksanaan (wajib)').selectOption('luring');
  await f.getByLabel('Jumlah peserta').fill('80');
  await f.getByLabel('Tempat (wajib bila luring)').fill('Aula Kecamatan Kanigoro');
  await f.getByLabel('Penyelenggara (wajib)').fill('Bawaslu Kabupaten Blitar');
  await f.getByLabel('Narasumber 1: nama').fill('Narasumber Contoh');
  await f.getByRole('checkbox', { name: 'Camat' }).check();
  await Promise.all([page.waitForNavigation(), f.getByRole('button', { name: 'Catat kegiatan' }).click()]);
  assert.match(new URL(page.url()).pathname, /^\/pencegahan\/kegiatan\/\d+$/);
  assert.match(await page.locator('.done-summary').textContent(), /Kegiatan dicatat/);
  const eventUrl = new URL(page.url()).pathname;
  await assertInert(page);
  await assertAccessible(page);
  await shot(page, '38-kegiatan');
  // the list: a bad line and an unsure name; nothing is saved before the officer answers
  const csv = `nip,nama\n${byNip.nip},\n123,\n,${words[0]} ${words[words.length - 1]}\n`;
  await page.getByLabel('Daftar hadir (CSV)').setInputFiles({ name: 'hadir.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Periksa daftar hadir' }).click()]);
  assert.match(await page.locator('#pratinjau').textContent(), /Belum ada yang disimpan/);
  const choice = page.locator('fieldset.choice');
  assert.equal(await choice.count(), 1);
  assert.match(await choice.locator('legend').textContent(), /Baris 4/);
  await assertAccessible(page);
  await shot(page, '39-hadir-pratinjau');
  await choice.locator(`input[value="${byName.nip}"]`).check();
  await page.getByLabel(/Simpan tanpa 1 baris yang salah/).check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan daftar hadir' }).click()]);
  assert.equal(new URL(page.url()).pathname, eventUrl);
  assert.match(await page.locator('.done-summary').textContent(), /Daftar hadir disimpan/);
  assert.match(await page.locator('dl.facts').textContent(), /2 ASN dalam daftar hadir/);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await shot(page, '40-kegiatan-ponsel');
  await ctx.close();
});

test('the reporter completes a report and writes with the team through the receipt code', async () => {
  // a report, and the team asking for what is missing (through the API, as the office's tools would)
  const api = await browser.newContext({ baseURL: base });
  const made = await (await api.request.post('/api/v1/public/reports', { data: {
    kantor: '35.05', pemilihan: 'pilbup-blitar-2020', tanggal_diketahui: TODAY,
    uraian: 'Kepala desa membagikan stiker calon di balai desa', pelapor: { nama: 'Pelapor Peramban' } } })).json();
  const code = made.kode_tanda_terima;
  const login = await (await api.request.post('/api/v1/login', { data: { username: 'bawaslu.blitar', password: PASSWORD } })).json();
  const headers = { 'X-CSRF-Token': login.csrf_token };
  const list = await (await api.request.get('/api/v1/cases?q=' + encodeURIComponent('stiker calon') + '&limit=5')).json();
  const cid = (list.items || list)[0].id;
  for (const [ke, alasan] of [['kajian_awal'], ['perlu_dilengkapi', 'Lampirkan foto stiker dan nama desanya']]) {
    const r = await api.request.post(`/api/v1/cases/${cid}/transitions`, { headers, data: alasan ? { ke, alasan } : { ke } });
    assert.equal(r.status(), 200, await r.text());
  }
  await api.close();
  // the citizen: what is missing, by when, and the answer with a photo
  const pub = await session(null);
  await pub.page.goto('/status');
  await pub.page.getByLabel('Kode tanda terima').fill(code);
  await Promise.all([pub.page.waitForNavigation(), pub.page.getByRole('button', { name: 'Cek' }).click()]);
  assert.match(await pub.page.locator('section.request').textContent(), /Lampirkan foto stiker dan nama desanya/);
  await assertAccessible(pub.page);
  await shot(pub.page, '43-status-diminta-melengkapi');
  await pub.page.getByLabel('Pesan (wajib)').fill('Desa Kemloko. Fotonya terlampir ' + XSS);
  await pub.page.getByLabel(/^Berkas/).setInputFiles({ name: 'stiker.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a' + '00'.repeat(64), 'hex') });
  await Promise.all([pub.page.waitForNavigation(), pub.page.getByRole('button', { name: 'Kirim' }).click()]);
  assert.match(await pub.page.locator('.done-summary').textContent(), /Kelengkapan laporan terkirim/);
  await assertInert(pub.page);
  // the team sees it on the case, back in preliminary review, and answers
  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto(`/kasus/${cid}`);
  assert.match(await page.locator('#pesan').textContent(), /Desa Kemloko/);
  assert.equal((await (await page.request.get(`/api/v1/cases/${cid}`)).json()).status, 'kajian_awal');
  await page.getByLabel('Pesan kepada pelapor').fill('Terima kasih, kami kaji.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kirim kepada pelapor' }).click()]);
  assert.match(await page.locator('.done-summary').textContent(), /Pesan terkirim kepada pelapor/);
  await assertAccessible(page);
  await shot(page, '44-kasus-pesan');
  await ctx.close();
  // the citizen reads the answer from "Petugas Bawaslu"
  await pub.page.goto('/status?kode=' + encodeURIComponent(code));
  const thread = await pub.page.locator('ol.messages').textContent();
  assert.match(thread, /Petugas Bawaslu/);
  assert.match(thread, /Terima kasih, kami kaji/);
  await pub.page.setViewportSize({ width: 375, height: 800 });
  await shot(pub.page, '45-status-pesan-ponsel');
  await pub.ctx.close();
});

test('risk: the index on its map, a region explained, a new IKP score in its history, the printed report', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.getByRole('link', { name: 'Indeks risiko' }).click();
  await page.waitForURL('**/risiko');
  assert.equal(await page.locator('tr[data-region="35.03"]').count(), 0); // the neighbour is not ours
  await assertAccessible(page);
  await shot(page, '32-risiko');
  // the region on the map opens its explanation, indicator by indicator
  await Promise.all([page.waitForNavigation(), page.locator('svg.map a[href="/wilayah/35.05"]').first().click()]);
  assert.equal(new URL(page.url()).pathname, '/wilayah/35.05');
  assert.equal(await page.locator('tr[data-indicator]').count(), 5);
  const history = await page.locator('td[data-label="Versi aturan"]').count();
  await assertAccessible(page);
  await shot(page, '33-wilayah');
  // a published IKP score moves the index, and the region's history keeps the change
  await page.goto('/risiko');
  await page.getByLabel('Berkas skor IKP (CSV)').setInputFiles({ name: 'ikp.csv', mimeType: 'text/csv', buffer: Buffer.from('kode_wilayah,skor,tahun\n35.05,"99,1",2026\n') });
  await page.getByLabel(/^Sumber/).fill('IKP uji ' + XSS);
  await submit(page, page.getByRole('button', { name: 'Periksa dan impor' }), '/risiko/ikp');
  assert.match(await page.locator('.done-summary').textContent(), /1 skor IKP disimpan/);
  await assertInert(page);
  await page.goto('/wilayah/35.05');
  assert.match(await page.locator('tr[data-indicator="ikp"]').textContent(), /Skor IKP 2026: 99,10/);
  assert.equal(await page.locator('td[data-label="Versi aturan"]').count(), history + 1);
  // the printable report: no menus, on paper
  await page.goto('/wilayah/35.05?cetak=1');
  assert.equal(await page.locator('header nav').isVisible(), false);
  await page.emulateMedia({ media: 'print' });
  await shot(page, '34-wilayah-cetak');
  await page.emulateMedia({ media: 'screen' });
  // the dashboard's map switched to the risk index
  await page.goto('/dasbor');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'indeks risiko', exact: true }).click()]);
  assert.ok(await page.locator('svg.map a[href="/wilayah/35.05"]').count() > 0);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/wilayah/35.05');
  await shot(page, '35-wilayah-ponsel');
  await ctx.close();
});

test('the public guidance: may and may not, and a leaflet that prints on one page', async () => {
  const { ctx, page } = await session(null);
  await page.goto('/');
  await page.getByRole('link', { name: 'Panduan netralitas ASN' }).click();
  assert.ok(await page.locator('.boleh > ul > li').count() > 0);
  assert.ok(await page.locator('.tidak-boleh > ul > li').count() > 0);
  await assertAccessible(page);
  await shot(page, '36-panduan');
  await page.getByRole('link', { name: /Versi cetak/ }).click();
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal((pdf.toString('latin1').match(/\/Count (\d+)/) || [])[1], '1', 'the leaflet fills one A4 page');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/panduan');
  await shot(page, '37-panduan-ponsel');
  // the public statistics: no login, figures only
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('link', { name: 'Statistik' }).click();
  assert.match(await page.locator('h1').textContent(), /Statistik netralitas ASN/);
  assert.ok(await page.locator('table[data-group="kategori"] tbody tr').count() > 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /\b\d{18}\b/);
  await assertAccessible(page);
  await shot(page, '41-statistik');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await shot(page, '42-statistik-ponsel');
  await ctx.close();
});

test('the inbox list downloads as CSV and XLSX, the same rows as the page', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto('/kasus');
  await page.getByLabel('Status').selectOption('diteruskan');
  await page.getByRole('button', { name: 'Saring' }).click();
  await page.waitForURL(/status=diteruskan/);
  const total = Number(await page.locator('[data-total]').getAttribute('data-total'));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  const text = fs.readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length - 1, total);
  assert.ok(lines.slice(1).every((l) => l.split(',')[3] === '"Diteruskan ke otoritas kepegawaian"'));
  assert.match(csv.suggestedFilename(), /^netral-kasus\.csv$/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'XLSX' }).click()]);
  const head = fs.readFileSync(await xlsx.path()).subarray(0, 2).toString();
  assert.equal(head, 'PK'); // an Office Open XML workbook
  await ctx.close();
});

test('a case of another region is refused', async () => {
  const { ctx, page } = await session('bawaslu.trenggalek');
  const resp = await page.goto(shared.caseUrl);
  assert.equal(resp.status(), 404);
  assert.doesNotMatch(await page.locator('main').textContent(), /Camat ajak pilih/);
  await page.goto('/kasus?q=' + encodeURIComponent(shared.marker));
  assert.equal(await page.locator(`a[href="${shared.caseUrl}"]`).count(), 0);
  await ctx.close();
});

test('the receipt shows only the stages after all those steps', async () => {
  const { ctx, page } = await session();
  await page.goto('/status?kode=' + shared.code);
  const body = await page.locator('main').textContent();
  assert.doesNotMatch(body, /R-12\/BKN|800\/77|Langkah|Camat/);
  await assertInert(page);
  await ctx.close();
});

test('keyboard only: log in and reach the inbox without a mouse', async () => {
  const { ctx, page } = await session();
  await page.goto('/masuk');
  await page.keyboard.press('Tab'); // the skip link comes first
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Langsung ke isi');
  await page.getByLabel('Nama pengguna').focus();
  await page.keyboard.type('bawaslu.blitar');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/kasus');
  // focus is visible: the focused control gets an outline
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await ctx.close();
});

test('staff pages: accessible, inert with hostile text, screenshots', async () => {
  const adm = await session('admin');
  await adm.page.goto('/admin/pengguna');
  await adm.page.getByLabel('Nama pengguna (huruf kecil').fill('staf.xss');
  await adm.page.getByLabel('Nama lengkap').fill('Staf ' + XSS);
  await adm.page.getByLabel('Peran').selectOption('bawaslu');
  await adm.page.getByLabel('Wilayah kerja').selectOption({ label: 'Kabupaten Blitar' });
  await adm.page.getByLabel('Kata sandi awal').fill('kata-sandi-panjang-xss');
  await adm.page.getByRole('button', { name: 'Tambah pengguna' }).click();
  await adm.page.getByText('Pengguna staf.xss dibuat.').waitFor();
  await assertInert(adm.page);
  await assertAccessible(adm.page);
  await shot(adm.page, '10-admin-pengguna');
  await adm.page.goto('/admin/audit');
  await adm.page.getByRole('button', { name: 'Periksa keutuhan rantai' }).click();
  await adm.page.getByText('Rantai utuh').waitFor();
  await assertAccessible(adm.page);
  await shot(adm.page, '11-admin-audit');
  await adm.page.goto('/admin/surel');
  assert.match(await adm.page.locator('h1').textContent(), /Kotak keluar/);
  await assertAccessible(adm.page);
  await shot(adm.page, '47-kotak-keluar');
  await adm.ctx.close();

  const { ctx, page } = await session('bawaslu.blitar');
  await page.goto('/registri');
  await page.getByLabel('Nama instansi baru').fill('Dinas ' + XSS);
  await page.getByRole('button', { name: 'Tambah instansi' }).click();
  await page.waitForURL(/registri/);
  await assertInert(page);
  const csv = 'nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n' +
    `198602022011012001,"${XSS.replaceAll('"', '""')}",Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,35.05,\n` +
    '1986,Pendek,Staf,pelaksana,II/a,Pemerintah Kabupaten Blitar,Unit,35.05,\n';
  await page.getByLabel('Berkas roster (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Periksa berkas' }).click();
  await page.getByText('Belum ada yang disimpan').waitFor();
  await assertInert(page);
  await assertAccessible(page);
  await shot(page, '12-roster-pratinjau');
  for (const [url, name] of [['/registri', '13-registri'], ['/terlapor', '14-terlapor'], ['/tenggat', '15-tenggat'],
    ['/patroli', '16-patroli'], ['/kasus?tenggat=14', '17-kasus-tenggat'], ['/akun', '46-akun']]) {
    await page.goto(url);
    await assertInert(page);
    await assertAccessible(page);
    await shot(page, name);
  }
  await ctx.close();
});

test('an officer opens a temuan, finds an ASN by name and adds them, in the browser', async () => {
  const { ctx, page } = await session('bawaslu.blitar');
  await page.getByRole('link', { name: /Kasus baru/ }).click();
  await page.getByLabel('Temuan (hasil pengawasan Bawaslu)').check();
  await page.getByLabel('Pemilihan').selectOption('pilbup-blitar-2020');
  await page.getByLabel('Tanggal kejadian').fill(TODAY);
  await page.getByLabel('Tempat kejadian').fill('Lapangan Kanigoro ' + XSS);
  await page.getByLabel('Uraian kejadian').fill('Kepala dinas berorasi di kampanye ' + XSS);
  await page.getByLabel('Uraian bukti').fill('Rekaman video');
  await page.getByRole('checkbox', { name: /^\s*D2:/ }).check();
  await assertAccessible(page);
  await shot(page, '22-kasus-baru');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Buat kasus' }).click()]);
  assert.match(await page.locator('.done-summary').textContent(), /Kasus dibuat \(Temuan\)/);
  const caseUrl = new URL(page.url()).pathname;
  // the reported ASN, found by name, without typing a NIP
  await page.getByRole('link', { name: 'cari ASN menurut nama' }).click();
  await page.getByLabel(/Nama, NIP, jabatan/).fill(shared.asnName.slice(0, 10));
  await page.getByRole('button', { name: 'Cari' }).click();
  await assertAccessible(page);
  await shot(page, '23-cari-asn');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Tambahkan ke kasus/ }).first().click()]);
  assert.equal(new URL(page.url()).pathname, caseUrl);
  assert.match(await page.locator('.done-summary').textContent(), /Data kasus disimpan/);
  assert.match(await page.locator('section.party').first().textContent(), /\d{18}/);
  await assertInert(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/kasus/baru');
  await shot(page, '24-kasus-baru-ponsel');
  await ctx.close();
});

test('no page scrolls sideways on a phone', async () => {
  const wide = [];
  for (const user of [null, 'bawaslu.blitar', 'admin']) {
    const { ctx, page } = await session(user);
    await page.setViewportSize({ width: 375, height: 800 });
    const pages = user === null ? ['/', '/lapor', '/status', '/masuk', '/panduan', '/statistik', '/verifikasi']
      : user === 'admin' ? ['/admin/pengguna', '/admin/audit', '/admin/surel']
      : ['/kasus', shared.caseUrl, '/tenggat', '/terlapor', '/dasbor', '/dasbor?cetak=1', '/patroli',
        '/patroli/jalankan', shared.patrolRun, '/pencegahan', '/pencegahan/kegiatan', '/risiko', '/wilayah/35.05',
        '/wilayah/35', '/registri', '/akun', '/statistik', '/pertukaran',
        shared.caseUrl && shared.caseUrl + '/dokumen/berita_acara_klarifikasi'].filter(Boolean);
    for (const url of pages) {
      await page.goto(url);
      await assertWords(page);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 0) wide.push(`${url}: ${over}px wider than the screen`);
    }
    if (user === 'bawaslu.blitar') await shot(page, '21-registri-ponsel');
    // on a desktop screen no table needs a scroll bar: no column is cut
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const url of pages) {
      await page.goto(url);
      const cut = await page.locator('.table-wrap').evaluateAll((ws) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
      if (cut) wide.push(`${url}: ${cut} table(s) cut at 1366 px`);
    }
    await ctx.close();
  }
  assert.deepEqual(wide, []);
});

test('the portal on a phone', async () => {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto('/lapor');
  // nothing wider than the screen
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await shot(page, '18-lapor-ponsel');
  await ctx.close();
});
