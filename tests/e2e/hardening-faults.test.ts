import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addText, emptyCounts } from '../../src/learn/personal-ngram';
import { checkHead, decodeBase, logPart, replayLog } from '../../src/learn/memory-checkpoint';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser';
import { startPageServer, type PageServer } from './harness/server';
import { InklingUi } from './harness/ui';
import { runningWorker, stopServiceWorker, wakeWorker } from './harness/worker';

/**
 * Faults in real Chromium: the service worker stopped in the middle of learning, and the
 * browser closed and started again on the same profile. Learning must resume, learn every
 * sample exactly once, and keep everything learned.
 */

let server: PageServer;
let browser: ExtensionBrowser;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'inkling-faults-'));
  [server, browser] = await Promise.all([startPageServer(), launchWithExtension({ profile })]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Made-up names, one per draft, so each draft's learning can be traced. */
const NAMES = ['Zorvanthe', 'Quillomir', 'Brastovel', 'Fendrolax', 'Morrigast', 'Velquinor', 'Tarbolith', 'Ostrevand'];
const SENTENCES = [
  'I met {} at the station and we talked about the plan for next week.',
  'Please send the notes to {} before the meeting on Friday.',
  'We should ask {} what the team thinks about the new schedule.',
  'Thank you for the update, {} will call you in the morning.',
  'The report from {} is ready and I would like to hear your thoughts.',
];

/** A long draft (about 3,500 characters) that mentions `name` often. */
function draftText(name: string): string {
  const out: string[] = [];
  for (let i = 0; out.join(' ').length < 3500; i++) out.push(SENTENCES[i % SENTENCES.length]!.replace('{}', name));
  return out.join(' ');
}

interface SampleRow { id: number; text: string; learned: number }

/** The samples store and the personal checkpoint of English (its head, and its parts' bytes), read in the worker. */
function readLearningState(worker: Worker): Promise<{ samples: SampleRow[]; checkpoint: string | null; parts: Record<string, number[]> }> {
  return worker.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('inkling');
    // Only read: opening a database that does not exist yet must not create it.
    open.onupgradeneeded = () => open.transaction!.abort();
    open.onerror = () => resolve({ samples: [], checkpoint: null, parts: {} });
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['samples', 'checkpoints', 'checkpointParts']);
      const samples = tx.objectStore('samples').getAll();
      const checkpoint = tx.objectStore('checkpoints').get('personal-en');
      const parts = tx.objectStore('checkpointParts').getAll(IDBKeyRange.bound(['personal-en', ''], ['personal-en', '\uffff']));
      tx.oncomplete = () => {
        db.close();
        const bytes = checkpoint.result?.bytes as Uint8Array | undefined;
        resolve({
          samples: samples.result as SampleRow[], checkpoint: bytes ? new TextDecoder().decode(bytes) : null,
          parts: Object.fromEntries((parts.result as { part: string; bytes: Uint8Array }[]).map((p) => [p.part, Array.from(p.bytes)])),
        });
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

/** Word counts the personal memory must hold after learning each of `texts` exactly once. */
function countsOf(texts: string[]): { total: number; uni: [string, number][] } {
  const counts = emptyCounts();
  for (const t of texts) addText(counts, t);
  return { total: counts.total, uni: [...counts.uni].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

/** The counts a checkpoint holds: its base with the logs since replayed on it. */
function countsInCheckpoint(checkpoint: string, parts: Record<string, number[]>): { total: number; uni: [string, number][] } {
  const head = checkHead(JSON.parse(checkpoint));
  const counts = head.base.bytes ? decodeBase(new Uint8Array(parts.base)) : emptyCounts();
  for (const seq of head.logs) replayLog(counts, new Uint8Array(parts[logPart(seq)]));
  return { total: counts.total, uni: [...counts.uni].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('faults survived, in real Chromium', () => {
  it('the service worker stopped mid-learning resumes, and learns every sample exactly once', async () => {
    const page = await browser.context.newPage();
    const ui = await InklingUi.attach(page);
    for (const name of NAMES) {
      // One draft per field and page visit: a new visit for each, once Inkling runs in it.
      await page.goto(`${server.origin}/fields.html`);
      await ui.waitForFrames(1);
      await page.locator('#area').fill(draftText(name));
      await page.locator('#done').click(); // leaving the field commits the draft
    }
    let worker = browser.worker;
    // Stop the worker in the middle: every draft stored, some learned (checkpointed), not all.
    const learned = (s: { samples: SampleRow[] }) => s.samples.filter((x) => x.learned === 1).length;
    const before = await until(() => readLearningState(worker), (s) => s.samples.length === NAMES.length && learned(s) > 0 && learned(s) < NAMES.length, 30_000, 'learning to be under way');
    await stopServiceWorker(browser);
    const learnedWhenStopped = learned(before);

    worker = await wakeWorker(browser);
    const after = await until(() => readLearningState(worker), (s) => s.samples.every((x) => x.learned === 1) && s.checkpoint !== null, 60_000, 'learning to finish');
    console.log(`worker stopped with ${learnedWhenStopped}/${NAMES.length} samples learned; it resumed and finished`);
    expect(after.samples).toHaveLength(NAMES.length);
    expect(countsInCheckpoint(after.checkpoint!, after.parts)).toEqual(countsOf(after.samples.map((s) => s.text)));
    await page.close();
  });

  it('a browser restart keeps everything learned', async () => {
    // Two words: too short to become a sample itself, so the stores stay as test one left them.
    const suggestedAfter = async (typed: string) => {
      const page = await browser.context.newPage();
      const ui = await InklingUi.attach(page);
      await page.goto(`${server.origin}/fields.html`);
      await ui.waitForFrames(1);
      await page.locator('#plain').click();
      await page.keyboard.type(typed);
      const shown = await ui.waitForSuggestions();
      await page.close();
      return shown.words;
    };
    expect(await suggestedAfter('Call Quill')).toContain('Quillomir');
    const before = await readLearningState(await runningWorker(browser.context, browser.extensionId));
    await browser.close();
    browser = await launchWithExtension({ profile });
    const after = await readLearningState(browser.worker);
    expect(after.samples.map((s) => [s.text, s.learned])).toEqual(before.samples.map((s) => [s.text, s.learned]));
    expect(after.checkpoint).toBe(before.checkpoint);
    expect(after.parts).toEqual(before.parts);
    expect(await suggestedAfter('Call Quill')).toContain('Quillomir');
  });
});
