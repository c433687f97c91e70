// The GOV.UK timeout warning: before the idle timeout signs someone out, a modal dialog says
// so, counts down, and offers to stay signed in without leaving the page (so answers typed
// but not yet saved are kept).
//
// The server keeps the time: the page says how long its session has, and the script asks
// GET /session how long is left (asking does not count as activity) before it warns and again before it gives up, so that work in another
// tab of the same session keeps this tab's warning away. Without the script the dialog
// never opens and the server's timeout applies as before.

const SECOND = 1000;

// The words of the countdown in English; the dialog's data-words gives them in the page's
// language, one pattern for each plural category ({n} is the number).
const ENGLISH = {
  minutes: { one: "{n} minute", other: "{n} minutes" },
  seconds: { one: "{n} second", other: "{n} seconds" },
  sentence: "We will sign you out in {time}.",
};

function counted(number, patterns, rules) {
  const pattern = patterns[rules.select(number)] || patterns.other;
  return pattern.replace("{n}", String(number));
}

// "2 minutes", "1 minute", "45 seconds": minutes while a minute or more is left.
export function describe(seconds, words = ENGLISH, rules = new Intl.PluralRules("en")) {
  if (seconds >= 60) {
    return counted(Math.ceil(seconds / 60), words.minutes, rules);
  }
  return counted(Math.max(0, Math.ceil(seconds)), words.seconds, rules);
}

// What a screen reader hears: once a minute, then every 15 seconds in the last minute.
function spoken(seconds, words, rules) {
  if (seconds >= 60) {
    return describe(seconds, words, rules);
  }
  return describe(Math.ceil(seconds / 15) * 15, words, rules);
}

function wordsOf(dialog) {
  try {
    return JSON.parse(dialog.dataset.words) || ENGLISH;
  } catch {
    return ENGLISH;
  }
}

export class TimeoutWarning {
  constructor(dialog) {
    this.dialog = dialog;
    this.form = dialog.querySelector("form");
    this.countdown = dialog.querySelector(".app-timeout-dialog__countdown");
    this.spokenText = dialog.querySelector(".app-timeout-dialog__spoken");
    this.live = dialog.querySelector(".app-timeout-dialog__live");
    this.stayButton = dialog.querySelector(".app-timeout-dialog__stay");
    this.warningSeconds = Number(dialog.dataset.warningSeconds);
    this.statusUrl = dialog.dataset.statusUrl;
    this.signInUrl = dialog.dataset.signInUrl;
    this.words = dialog.dataset.words ? wordsOf(dialog) : ENGLISH;
    this.rules = new Intl.PluralRules(dialog.dataset.language || "en");
    this.timer = null;
    this.ticker = null;
    this.deadline = 0;
    this.lastSpoken = "";
  }

  start() {
    if (typeof this.dialog.showModal !== "function" || !window.fetch) {
      return; // an old browser: the server's timeout still applies
    }
    this.form.addEventListener("submit", (event) => this.onSubmit(event));
    // Escape closes a modal dialog; here it means "stay signed in", as the pattern says.
    this.dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.staySignedIn();
    });
    // The page was just served, which restarted the idle time: wait before asking.
    this.schedule(Number(this.dialog.dataset.secondsLeft) - this.warningSeconds);
  }

  // Ask the server how long is left, then warn, wait, or leave.
  async check() {
    let status;
    try {
      const response = await fetch(this.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      status = await response.json();
    } catch {
      this.schedule(this.warningSeconds); // the service did not answer: ask again later
      return;
    }
    if (!status.signed_in) {
      this.leave();
    } else if (status.seconds_left > this.warningSeconds) {
      this.hide();
      this.schedule(status.seconds_left - this.warningSeconds);
    } else {
      this.show(status.seconds_left);
    }
  }

  schedule(seconds) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.check(), Math.max(1, seconds) * SECOND);
  }

  show(secondsLeft) {
    this.deadline = Date.now() + secondsLeft * SECOND;
    if (!this.dialog.open) {
      this.lastSpoken = "";
      this.dialog.showModal();
      this.stayButton.focus();
    }
    this.tick();
    window.clearInterval(this.ticker);
    this.ticker = window.setInterval(() => this.tick(), SECOND);
    // While it is open, see now and then whether another tab kept the session alive.
    this.schedule(Math.min(15, Math.max(1, secondsLeft / 4)));
  }

  tick() {
    const left = (this.deadline - Date.now()) / SECOND;
    if (left <= 0) {
      window.clearInterval(this.ticker);
      this.schedule(1); // the server decides: it signs the session out, or it was kept alive
      return;
    }
    const heard = spoken(left, this.words, this.rules);
    this.countdown.textContent = describe(left, this.words, this.rules);
    this.spokenText.textContent = heard;
    const sentence = this.words.sentence.replace("{time}", heard);
    if (sentence !== this.lastSpoken) {
      this.live.textContent = this.lastSpoken ? sentence : "";
      this.lastSpoken = sentence;
    }
  }

  hide() {
    window.clearInterval(this.ticker);
    if (this.dialog.open) {
      this.dialog.close();
    }
  }

  onSubmit(event) {
    // "Sign out" posts the form to its own action, as a normal sign-out.
    if (event.submitter && event.submitter !== this.stayButton) {
      return;
    }
    event.preventDefault();
    this.staySignedIn();
  }

  // Any signed-in request restarts the idle time; this one answers in JSON.
  async staySignedIn() {
    let response;
    try {
      response = await fetch(this.form.action, {
        method: "POST",
        body: new FormData(this.form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    } catch {
      this.form.submit(); // no answer: send the form as a page, which comes back here
      return;
    }
    const json = (response.headers.get("Content-Type") || "").includes("application/json");
    const status = response.ok && json ? await response.json() : null;
    if (!status || !status.signed_in) {
      this.leave();
      return;
    }
    this.hide();
    this.schedule(status.seconds_left - this.warningSeconds);
  }

  // Signed out: the sign-in page says why.
  leave() {
    this.hide();
    window.clearTimeout(this.timer);
    window.location.assign(this.signInUrl);
  }
}

export function initTimeoutWarnings(scope = document) {
  for (const dialog of scope.querySelectorAll('[data-module="app-timeout-warning"]')) {
    new TimeoutWarning(dialog).start();
  }
}
