// What the call display says. Chinese voices read "A012" letter by letter
// and digit by digit ("A零一二"); people expect the letter, then the number
// as a number: "请A，12号到3号窗口办理".
export function callSpeech(code, windowNumber) {
  const m = /^([A-Z]{0,2})0*(\d+)$/.exec(String(code || ''));
  const spoken = m ? `${m[1]}${m[1] ? '，' : ''}${Number(m[2])}` : String(code || '');
  return `请${spoken}号到${windowNumber}号窗口办理`;
}

/** Speak in Mandarin when the browser can; returns false when it cannot. */
export function speak(text, { repeat = 1 } = {}) {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : null;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return false;
  for (let i = 0; i < repeat; i++) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = 0.9;
    const zh = synth.getVoices().find((v) => /zh[-_]CN/i.test(v.lang));
    if (zh) u.voice = zh;
    synth.speak(u);
  }
  return true;
}
