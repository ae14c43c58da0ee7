// The call display's speech text and announcement queue (web/src/speech.js):
// pure functions, run with `node --test tests/web/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callSpeech, spokenCode, speechFromText, eventSpeech, createAnnouncer, speak } from '../../web/src/speech.js';

test('a call is read as letter, pause, number, window', () => {
  assert.equal(callSpeech('A012', 3), '请A、12号到3号窗口办理');
  assert.equal(callSpeech('B100', 10), '请B、100号到10号窗口办理');
  assert.equal(callSpeech('AB0007', 2), '请AB、7号到2号窗口办理');
  assert.equal(callSpeech('C001', '15'), '请C、1号到15号窗口办理');
});

test('leading zeros go, a zero number stays a zero, lower case is read as capitals', () => {
  assert.equal(spokenCode('A000'), 'A、0');
  assert.equal(spokenCode('a012'), 'A、12');
  assert.equal(spokenCode('0012'), '12');
  assert.equal(callSpeech('0012', 5), '请12号到5号窗口办理');
  assert.equal(spokenCode(' D099 '), 'D、99');
});

test('shapes it does not know are read as they are', () => {
  assert.equal(spokenCode('绿色1'), '绿色1');
  assert.equal(spokenCode(''), '');
  assert.equal(spokenCode(null), '');
  assert.equal(callSpeech('A012', null), '请A、12号办理');
  assert.equal(callSpeech('A012', undefined), '请A、12号办理');
});

test('the server text is rewritten the same way, window numbers untouched', () => {
  assert.equal(speechFromText('请A012号到3号窗口办理'), '请A、12号到3号窗口办理');
  assert.equal(speechFromText('请B100号到12号窗口办理'), '请B、100号到12号窗口办理');
  assert.equal(speechFromText(''), '');
  assert.equal(speechFromText(undefined), '');
});

test('event data: code and window first, the text otherwise', () => {
  assert.equal(eventSpeech({ code: 'A012', window_number: 3, text: 'ignored' }), '请A、12号到3号窗口办理');
  assert.equal(eventSpeech({ text: '请E005号到18号窗口办理' }), '请E、5号到18号窗口办理');
  assert.equal(eventSpeech(null), '');
});

test('speak does nothing (and says so) without speechSynthesis', async () => {
  assert.equal(await speak('请A、1号到1号窗口办理'), false);
});

test('the announcer plays items in order, one at a time, each key once', async () => {
  const log = [];
  let release;
  const gates = [];
  const a = createAnnouncer({
    show: (it) => log.push(`show ${it.speech}`),
    say: (text) => new Promise((r) => { log.push(`say ${text}`); gates.push(r); }),
    wait: () => Promise.resolve(),
    done: () => { log.push('idle'); release?.(); },
  });
  const idle = new Promise((r) => { release = r; });
  assert.equal(a.push({ key: 1, speech: 'one' }), true);
  assert.equal(a.push({ key: 2, speech: 'two' }), true);
  assert.equal(a.push({ key: 1, speech: 'one again' }), false, 'a replayed event is not announced twice');
  assert.equal(a.push({ key: 3, speech: 'recall of one' }), true, 'a recall is its own event');
  // Only the first is being said; the others wait for it.
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['show one', 'say one']);
  for (let i = 0; i < 3; i++) {
    gates.shift()();
    // eslint-disable-next-line no-await-in-loop
    await new Promise((r) => setImmediate(r));
  }
  await idle;
  assert.deepEqual(log, ['show one', 'say one', 'show two', 'say two', 'show recall of one', 'say recall of one', 'idle']);
  assert.equal(a.busy, false);
});

test('a failing voice does not stop the queue', async () => {
  const shown = [];
  let release;
  const idle = new Promise((r) => { release = r; });
  const a = createAnnouncer({
    show: (it) => shown.push(it.speech),
    say: () => Promise.reject(new Error('no voice')),
    wait: () => Promise.resolve(),
    done: () => release(),
  });
  a.push({ speech: 'x' });
  a.push({ speech: 'y' });
  await idle;
  assert.deepEqual(shown, ['x', 'y']);
});
