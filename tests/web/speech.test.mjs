import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callSpeech } from '../../web/src/speech.js';

test('a call is read as letter, number, window', () => {
  assert.equal(callSpeech('A012', 3), '请A，12号到3号窗口办理');
  assert.equal(callSpeech('B100', 10), '请B，100号到10号窗口办理');
  assert.equal(callSpeech('AB0007', 2), '请AB，7号到2号窗口办理');
  assert.equal(callSpeech('0012', 5), '请12号到5号窗口办理');
});
