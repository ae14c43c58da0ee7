// What the call display says, and saying it.
//
// Chinese voices read "A012" character by character ("A零一二"); people
// expect the letter, a short pause, then the number as a number:
// "请A、12号到3号窗口办理" (十二号). The pure functions here build that text;
// the announcer plays calls one after another; `speak` is the browser part
// (speechSynthesis, guarded: headless browsers and some TVs have none).

const CODE_RE = /^([A-Za-z]{0,3})0*(\d+)$/;

/** The spoken form of a ticket code: "A012" → "A、12"; unknown shapes as they are. */
export function spokenCode(code) {
  const s = String(code ?? '').trim();
  const m = CODE_RE.exec(s);
  if (!m) return s;
  const letters = m[1].toUpperCase();
  const number = String(Number(m[2]));
  return letters ? `${letters}、${number}` : number;
}

/** The text of a call: callSpeech('A012', 3) → "请A、12号到3号窗口办理". */
export function callSpeech(code, windowNumber) {
  const who = `请${spokenCode(code)}号`;
  const w = windowNumber === null || windowNumber === undefined ? '' : String(windowNumber).trim();
  return w ? `${who}到${w}号窗口办理` : `${who}办理`;
}

/** The server's call text ("请A012号到3号窗口办理") with its codes made speakable. */
export function speechFromText(text) {
  return String(text ?? '').replace(/([A-Za-z]{1,3})0*(\d+)号/g, (_, l, d) => `${l.toUpperCase()}、${Number(d)}号`);
}

/** What to say for a hall event's data: from the code and window when present, else from its text. */
export function eventSpeech(data) {
  if (data && data.code && data.window_number != null) return callSpeech(data.code, data.window_number);
  return speechFromText(data?.text || '');
}

/** Whether this browser can speak at all. */
export function canSpeak() {
  return typeof window !== 'undefined' && !!window.speechSynthesis && typeof window.SpeechSynthesisUtterance !== 'undefined';
}

/**
 * Speaks `text` in Mandarin `times` times; resolves when done (or at once when
 * the browser cannot speak). A safety timer resolves if the engine never
 * reports the end (some engines drop `end` events).
 */
export function speak(text, { times = 1, rate = 0.9 } = {}) {
  if (!canSpeak() || !text) return Promise.resolve(false);
  const synth = window.speechSynthesis;
  const zh = synth.getVoices().find((v) => /^zh[-_](CN|Hans)/i.test(v.lang)) || synth.getVoices().find((v) => /^zh/i.test(v.lang));
  const one = () => new Promise((resolve) => {
    let done = false;
    const finish = () => { if (!done) { done = true; clearTimeout(guard); resolve(true); } };
    const guard = setTimeout(finish, 1500 + text.length * 400);
    try {
      const u = new window.SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.rate = rate;
      if (zh) u.voice = zh;
      u.onend = finish;
      u.onerror = finish;
      synth.speak(u);
    } catch {
      finish();
    }
  });
  let p = Promise.resolve(true);
  for (let i = 0; i < times; i++) p = p.then(one);
  return p;
}

/**
 * Plays announcements one after another. `show(item)` runs when an item's
 * turn comes (the display flashes it), `say(text)` returns a promise that
 * settles when it has been spoken, and every item stays at least `minMs` on
 * show. An item with a `key` already seen is dropped: each call is
 * announced once even if its event arrives twice (a replay after a
 * reconnect); a recall is its own event, so it is announced again.
 */
export function createAnnouncer({ say = () => Promise.resolve(), show = () => {}, done = () => {}, minMs = 5000, remember = 500, wait } = {}) {
  const pending = [];
  const seen = new Set();
  const order = [];
  let running = false;
  const sleep = wait || ((ms) => new Promise((r) => setTimeout(r, ms)));

  async function run() {
    running = true;
    while (pending.length) {
      const item = pending.shift();
      show(item);
      // Speech and the minimum showing time run together.
      await Promise.all([Promise.resolve(say(item.speech, item)).catch(() => {}), sleep(minMs)]);
    }
    running = false;
    done();
  }

  return {
    /** Queues an announcement `{key?, speech, ...}`; returns false when it is a duplicate. */
    push(item) {
      if (item.key !== undefined && item.key !== null) {
        if (seen.has(item.key)) return false;
        seen.add(item.key);
        order.push(item.key);
        if (order.length > remember) seen.delete(order.shift());
      }
      pending.push(item);
      if (!running) run();
      return true;
    },
    get size() { return pending.length; },
    get busy() { return running; },
  };
}
