// 窗口工作台 · the counter console: counter staff log in at their counter and call, recall, skip, start,
// finish, transfer, hold, call a chosen number and pause with a reason. Served by the hub at /counter
// (?counter=N prefills the counter; ?lang=en for English).
//
// Stable data-testid attributes for end-to-end tests:
//   login page     login-staff, login-pin, login-counter, login-submit, login-error (the hub's message),
//                  login-notice (why the console came back here: logged out, or the hub's reason the
//                  session ended — logged in elsewhere, a colleague took the counter, new PIN, …)
//   header         counter-name, staff, counter-state (data-state = closed|idle|calling|serving|paused;
//                  the text carries the pause reason), btn-logout, lang-switch, offline
//   buttons        btn-call (F1 / Space), btn-recall (F2), btn-skip (F3), btn-start (F4), btn-finish (F5),
//                  btn-transfer (F6), btn-hold (F7), btn-call-number (F8), btn-pause / btn-resume (F9;
//                  only one of the two is on the page at a time); enabled from the hub's allowed
//                  actions, a disabled one carries the hub's refusal in title and data-refusal
//   ticket in hand current-number ('—' when none), current-state (data-state = called|serving|none),
//                  timer-wait, timer-call, timer-start, recalls (data-recalls = the count)
//   messages       error (the hub's refusal, in the caller's language), notice (e.g. nobody waiting)
//   today          today-served, today-satisfaction ('–' until the hub sends counterView.today)
//   lists          waiting-list with rows waiting-<number> in call order, the first with data-next
//                  (button call-<number>: call that number);
//                  held-list with rows held-<number> (button held-resume-<number>);
//                  noshow-list with rows noshow-<number> (buttons noshow-requeue-<number>,
//                  noshow-callback-<number>)
//   dialogs        transfer (transfer-service, transfer-counter, transfer-confirm),
//                  pause (pause-reason-lunch|away|consult|fault, pause-text, pause-confirm),
//                  call-number (call-number-input, call-number-confirm); in each: dialog-cancel,
//                  dialog-error
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../ui/api.js';
import { useLang } from '../ui/components.js';
import type { Text } from '../ui/i18n.js';
import '../ui/style.css';
import './counter.css';
import { Console } from './console.js';
import { Login } from './login.js';
import { loadSession, saveSession, type Counter, type StaffSession } from './session.js';

function App() {
  useLang();
  const [session, setSession] = useState<StaffSession | null>(loadSession);
  const [initial, setInitial] = useState<Counter | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [hallName, setHallName] = useState<Text | null>(null);

  useEffect(() => {
    api<{ hallName: Text }>('GET', '/api/health')
      .then((h) => setHallName(h.hallName))
      .catch(() => {});
  }, []);

  if (!session)
    return (
      <Login
        notice={notice}
        hallName={hallName}
        onLogin={(s, counter) => {
          saveSession(s);
          setInitial(counter);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  return (
    <Console
      key={session.token}
      session={session}
      initial={initial}
      onEnd={(message) => {
        saveSession(null);
        setInitial(null);
        setNotice(message);
        setSession(null);
      }}
    />
  );
}

render(<App />, document.getElementById('app')!);
