// The stored ticket format's defaults are a storage format, frozen: a row written years ago leaves out
// the values of TICKET_DEFAULTS and must decode by them forever. The engine's values for a new ticket
// (hub/engine/engine.ts) may change; they must not change how an old row or an old ticket.issued reads.
import { describe, expect, it } from 'vitest';
import { EventDecoder, TICKET_DEFAULTS, ticketData, ticketFromRow, type EventRow, type TicketRow } from '../../hub/store/compact.js';
import { EngineHarness as EngineHall } from '../../hub/engine/test-fixture.js';
import type { Ticket } from '../../hub/engine/types.js';

/** A tickets row as the store wrote it: `data` holds only what differs from the format's defaults. */
const OLD_ROW: TicketRow = {
  id: 'old-1',
  number: 'A007',
  business_day: '2026-03-02',
  service_id: 'social-security',
  seq: 7,
  state: 'done',
  priority: 'normal',
  issued_at: 1_772_416_800_000,
  called_at: 1_772_417_100_000,
  started_at: 1_772_417_160_000,
  finished_at: 1_772_417_460_000,
  counter_id: '3',
  staff_no: '1003',
  data: JSON.stringify({ zone: 'F1', sortKey: 1_772_416_800_000, lastCalledAt: 1_772_417_100_000 }),
};

/**
 * What that row reads back as, written out once when the format was defined, as the API sends it. The
 * row's `data` names none of the format's defaults, so every one of them is pinned here: changing,
 * adding or removing a default in the store's table fails this test (and the ticket.issued one below
 * pins the defaults that a row's columns hold).
 */
const OLD_TICKET = JSON.parse(
  '{"id":"old-1","number":"A007","businessDay":"2026-03-02","serviceId":"social-security","zone":"F1","seq":7,"priority":"normal","channel":"kiosk","state":"done",' +
    '"sortKey":1772416800000,"issuedAt":1772416800000,"calledAt":1772417100000,"lastCalledAt":1772417100000,"startedAt":1772417160000,"finishedAt":1772417460000,' +
    '"counterId":"3","staffNo":"1003","targetCounterId":null,"recalls":0,"requeues":0,"transfers":0,"appointment":null,"cancelReason":null,"requestId":null,"rating":null}',
) as Ticket;

describe('the stored ticket format', () => {
  it('keeps its defaults frozen (their values are pinned by the rows below)', () => {
    expect(Object.isFrozen(TICKET_DEFAULTS)).toBe(true);
  });

  it('decodes an old tickets row by the format, whatever a new ticket looks like in the engine', () => {
    expect(ticketFromRow(OLD_ROW)).toEqual(OLD_TICKET);
  });

  it('decodes an old ticket.issued payload (only what differs from the format) by the format', () => {
    const issuedAt = OLD_TICKET.issuedAt;
    const row: EventRow = {
      seq: 1,
      at: issuedAt,
      type: 'ticket.issued',
      ticket_id: 'old-1',
      counter_id: null,
      actor_kind: 'device',
      actor_id: 'kiosk-1',
      payload: JSON.stringify({ T: { number: 'A007', serviceId: 'social-security', zone: 'F1', businessDay: '2026-03-02', seq: 7, sortKey: 0, issuedAt: 0 } }),
    };
    const decoded = new EventDecoder({ ticketBefore: () => [], counterBefore: () => [][Symbol.iterator]() }).decode(row);
    expect(decoded.type).toBe('ticket.issued');
    // The same ticket before anyone called it: these defaults are what a row's columns hold.
    const notCalledYet = { state: 'waiting', calledAt: null, lastCalledAt: null, startedAt: null, finishedAt: null, counterId: null, staffNo: null };
    expect('ticket' in decoded && decoded.ticket).toEqual({ ...OLD_TICKET, ...notCalledYet });
  });

  it('stores an engine ticket with values beside the defaults exactly (the defaults only decide what is left out)', () => {
    const hall = new EngineHall();
    const t = hall.issue('household', { channel: 'phone', requestId: 'r-1' });
    const row: TicketRow = {
      id: t.id,
      number: t.number,
      business_day: t.businessDay,
      service_id: t.serviceId,
      seq: t.seq,
      state: t.state,
      priority: t.priority,
      issued_at: t.issuedAt,
      called_at: t.calledAt,
      started_at: t.startedAt,
      finished_at: t.finishedAt,
      counter_id: t.counterId,
      staff_no: t.staffNo,
      data: ticketData(t),
    };
    expect(JSON.parse(row.data)).not.toHaveProperty('recalls');
    expect(ticketFromRow(row)).toEqual(t);
  });
});
