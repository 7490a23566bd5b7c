// Config changes in the audit log: every config.changed event (the dashboard's PUT /api/config, its
// staff and device forms, a changed config file at start) with who and from where, and what in it
// touches secrets — a device token issued or replaced, a PIN or password set — named on its own line.
// One listener on the hall, so no route can change the config without it being recorded.
import type { HallConfig } from '../config/schema.js';
import type { Hall } from '../hall.js';
import type { AuditActor, AuditLog } from './audit.js';

const tokenOf = (d: HallConfig['devices'][number]) => d.tokenSha256 ?? d.token ?? null;

/** `startSeq`: the event log's last seq before the hall started — a changed config file it applied is recorded too. */
export function auditConfigChanges(hall: Hall, audit: AuditLog, startSeq: number): void {
  let previous = hall.config;
  for (const e of hall.store.eventsAfter(startSeq, 100))
    if (e.type === 'config.changed') audit.record('admin.config-changed', { kind: e.actor.kind, id: e.actor.id }, e.at, { seq: e.seq, source: e.source }, null);
  hall.subscribe((events) => {
    for (const e of events) {
      if (e.type !== 'config.changed') continue;
      const actor: AuditActor = { kind: e.actor.kind, id: e.actor.id };
      const before = previous;
      const after = e.config;
      previous = after;
      audit.record('admin.config-changed', actor, e.at, { seq: e.seq, source: e.source });
      for (const d of after.devices) {
        const old = before.devices.find((x) => x.id === d.id);
        const token = tokenOf(d);
        if (token && (!old || tokenOf(old) !== token)) audit.record('admin.token-rotated', actor, e.at, { seq: e.seq, device: d.id, kind: d.kind, new: !old });
      }
      for (const s of after.staff) {
        const old = before.staff.find((x) => x.no === s.no);
        if (!old || old.pinHash !== s.pinHash) audit.record('admin.pin-set', actor, e.at, { seq: e.seq, staff: s.no, new: !old });
      }
      for (const m of after.managers) {
        const old = before.managers.find((x) => x.username === m.username);
        if (!old || old.passwordHash !== m.passwordHash) audit.record('admin.pin-set', actor, e.at, { seq: e.seq, manager: m.username, new: !old });
      }
    }
  });
}
