// The agent protocol: `hall agent` on a kiosk or counter PC and the hub's supervisor, over socket.io
// on the hub's port, namespace `/agent`, authenticated with the agent device's token
// (`auth: { token }`; a token of another kind is refused with FORBIDDEN).
//
//   agent → hub  agent.hello     { agent, running: [deviceId], lastSeq }        on every (re)connect
//   hub → agent  agent.devices   { agentId, devices: [DriverDevice], snapshot } answer to hello, and
//                                                                              after config changes
//   hub → agent  agent.events    { events: [DeviceHallEvent], view }          every committed batch
//   hub → agent  agent.snapshot  { snapshot }                                  after a rollover or
//                                                                              config change
//   hub → agent  agent.command   { deviceId, command }, ack → CommandReply      e.g. print a ticket
//   agent → hub  agent.health    { devices: [HostedHealth] }                    on change, and every
//                                                                              few seconds with stats
//   agent → hub  agent.input     { deviceId, at, input }, ack → { ok }          a rating, a key
//   agent → hub  agent.resync    ack → { snapshot }                             after a seq gap
//   hub → agent  agent.replaced  { message }                                    another connection
//                                                                              with this token won
//
// The agent routes events to its drivers itself (devices/routing.ts), as the hub does for its own.
import { z } from 'zod';
import { healthReasonSchema } from '../shared/wire.js';
import type { DeviceHallEvent, DeviceInput, DriverCommand, DriverDevice, HallSnapshot } from './driver.js';
import { deviceInputSchema } from './driver.js';
import type { HostedHealth } from './host.js';

export const AGENT_NAMESPACE = '/agent';

export const AGENT_EVENTS = {
  hello: 'agent.hello',
  devices: 'agent.devices',
  events: 'agent.events',
  snapshot: 'agent.snapshot',
  command: 'agent.command',
  health: 'agent.health',
  input: 'agent.input',
  resync: 'agent.resync',
  replaced: 'agent.replaced',
} as const;

export interface AgentHello {
  /** Who is running the agent, for the hub's log. */
  agent: { version: string; hostname: string; pid: number };
  /** Devices this agent is running now (it keeps them through a hub restart). */
  running: string[];
  /** The last seq the agent saw, or 0. */
  lastSeq: number;
}

export interface AgentDevices {
  agentId: string;
  devices: DriverDevice[];
  snapshot: HallSnapshot;
}

export interface AgentEventBatch {
  events: DeviceHallEvent[];
  view: HallSnapshot;
}

export interface AgentCommand {
  deviceId: string;
  command: DriverCommand;
}

export type CommandReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export interface AgentHealth {
  devices: HostedHealth[];
}

export interface AgentInput {
  deviceId: string;
  at: number;
  input: DeviceInput;
}

const healthState = z.enum(['online', 'offline', 'degraded']);

export const agentHelloSchema = z.object({
  agent: z.object({ version: z.string().max(40), hostname: z.string().max(255), pid: z.number().int() }).partial().optional(),
  running: z.array(z.string().max(40)).max(1000).default([]),
  lastSeq: z.number().int().min(0).default(0),
});

/** A health reason as an agent sends it: a code with parameters (an agent before codes sent English text: kept as OTHER). */
const agentHealthReasonSchema = z.union([
  healthReasonSchema,
  z.string().max(500).transform((detail): { code: string; params?: Record<string, string> } => ({ code: 'OTHER', params: { detail } })),
]);

export const agentHealthSchema = z.object({
  devices: z
    .array(
      z.object({
        id: z.string().min(1).max(40),
        state: healthState,
        reason: agentHealthReasonSchema.nullable(),
        stats: z.record(z.string().max(40), z.number()).nullable(),
      }),
    )
    .max(1000),
});

export const agentInputSchema = z.object({
  deviceId: z.string().min(1).max(40),
  at: z.number().int().min(0),
  input: deviceInputSchema,
});
