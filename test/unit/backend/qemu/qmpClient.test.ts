import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QmpClient, QmpClosedError, QmpError, type QmpEvent, QmpJobError, QmpTimeoutError } from '../../../../src/backend/qemu/qmpClient';

// Recorded from qemu-system-x86_64 7.2.22 (Debian) with `-qmp stdio`.
const GREETING =
  '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}\n';

function connected(): { client: QmpClient; sent: unknown[] } {
  const sent: unknown[] = [];
  const client = new QmpClient((data) => sent.push(JSON.parse(data)));
  return { client, sent };
}

async function negotiate(client: QmpClient): Promise<void> {
  client.receive(GREETING);
  client.receive('{"return": {}, "id": "strata-1"}\n');
  await client.ready();
}

describe('QmpClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers the greeting with qmp_capabilities and becomes ready', async () => {
    const { client, sent } = connected();
    expect(client.runState).toBe('greeting');
    client.receive(GREETING);
    expect(client.runState).toBe('negotiating');
    expect(sent).toEqual([{ execute: 'qmp_capabilities', id: 'strata-1' }]);
    client.receive('{"return": {}, "id": "strata-1"}\n');
    await client.ready();
    expect(client.runState).toBe('running');
    expect(client.version).toBe('7.2.22');
  });

  it('refuses commands before negotiation', async () => {
    const { client } = connected();
    await expect(client.execute('query-status')).rejects.toBeInstanceOf(QmpClosedError);
  });

  it('matches answers to commands by id, even out of order and split across reads', async () => {
    const { client, sent } = connected();
    await negotiate(client);
    const status = client.execute<{ status: string }>('query-status');
    const stop = client.execute('stop');
    expect(sent.slice(1)).toEqual([
      { execute: 'query-status', id: 'strata-2' },
      { execute: 'stop', id: 'strata-3' },
    ]);
    client.receive('{"timestamp": {"seconds": 1795562907, "microseconds": 365302}, "event": "STOP"}\n{"return": {}, "id": "strat');
    client.receive('a-3"}\n{"return": {"status": "running", "singlestep": false, "running": true}, "id": "strata-2"}\n');
    await expect(stop).resolves.toEqual({});
    await expect(status).resolves.toMatchObject({ status: 'running' });
  });

  it('passes arguments and delivers events to listeners', async () => {
    const { client, sent } = connected();
    await negotiate(client);
    const events: QmpEvent[] = [];
    client.onEvent((e) => events.push(e));
    const hmp = client.execute<string>('human-monitor-command', { 'command-line': 'loadvm nope' });
    expect(sent[1]).toEqual({ execute: 'human-monitor-command', arguments: { 'command-line': 'loadvm nope' }, id: 'strata-2' });
    client.receive('{"return": "Error: no block device can store vmstate for snapshot\\r\\n", "id": "strata-2"}\n');
    await expect(hmp).resolves.toMatch(/^Error: no block device/);
    client.receive(
      '{"timestamp": {"seconds": 1795562908, "microseconds": 384656}, "event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}\n',
    );
    expect(events).toEqual([{ timestamp: { seconds: 1795562908, microseconds: 384656 }, event: 'SHUTDOWN', data: { guest: false, reason: 'host-qmp-quit' } }]);
  });

  it('rejects a command QEMU does not know with its error class', async () => {
    const { client } = connected();
    await negotiate(client);
    const p = client.execute('no-such');
    client.receive('{"id": "strata-2", "error": {"class": "CommandNotFound", "desc": "The command no-such has not been found"}}\n');
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect(err).toMatchObject({ errorClass: 'CommandNotFound', message: 'QMP no-such: The command no-such has not been found' });
  });

  it('keeps a multi-byte character whole when a read ends inside it', async () => {
    const { client } = connected();
    await negotiate(client);
    const p = client.execute<string>('human-monitor-command', { 'command-line': 'info name' });
    const bytes = new TextEncoder().encode('{"return": "café 🐧 €", "id": "strata-2"}\n');
    // Cut inside "é" (2 bytes), inside the penguin (4 bytes) and inside "€" (3 bytes).
    const cuts = [bytes.indexOf(0xc3) + 1, bytes.indexOf(0xf0) + 2, bytes.indexOf(0xe2) + 1, bytes.length];
    let from = 0;
    for (const cut of cuts) {
      client.receive(bytes.subarray(from, cut));
      from = cut;
    }
    await expect(p).resolves.toBe('café 🐧 €');
  });

  it('names a timeout a timeout, and ignores the late answer', async () => {
    const { client } = connected();
    await negotiate(client);
    const p = client.execute('query-migrate', undefined, 500);
    const caught = p.catch((e: unknown) => e);
    vi.advanceTimersByTime(501);
    const err = await caught;
    expect(err).toBeInstanceOf(QmpTimeoutError);
    expect(err).not.toBeInstanceOf(QmpClosedError);
    expect(err).toMatchObject({ command: 'query-migrate', timeoutMs: 500, message: 'QMP command query-migrate timed out after 500 ms' });
    client.receive('{"return": {}, "id": "strata-2"}\n');
    const stop = client.execute('stop');
    client.receive('{"return": {}, "id": "strata-3"}\n');
    await expect(stop).resolves.toEqual({});
  });

  it('rejects every pending command when the connection closes, and later ones too', async () => {
    const { client } = connected();
    await negotiate(client);
    const a = client.execute('query-status');
    const b = client.execute('stop');
    client.close('QEMU closed the QMP socket');
    await expect(a).rejects.toThrow('QMP query-status: QEMU closed the QMP socket');
    await expect(b).rejects.toThrow('QMP stop: QEMU closed the QMP socket');
    await expect(client.execute('cont')).rejects.toThrow(/closed \(QEMU closed the QMP socket\)/);
    expect(client.runState).toBe('closed');
  });

  it('fails the ready wait when the socket closes during the greeting', async () => {
    const { client } = connected();
    const ready = client.ready();
    client.close('QEMU exited');
    await expect(ready).rejects.toThrow('QEMU exited');
  });

  it('closes on input that is not JSON', async () => {
    const { client } = connected();
    const ready = client.ready();
    client.receive('garbage\n');
    await expect(ready).rejects.toThrow(/not JSON/);
  });
});

/** A QEMU stand-in answering each command with the next reply scripted for it (ids filled in). */
function scripted(replies: Record<string, Array<Record<string, unknown>>>): {
  client: QmpClient;
  sent: Array<{ execute: string; arguments?: Record<string, unknown> }>;
} {
  const sent: Array<{ execute: string; arguments?: Record<string, unknown>; id: string }> = [];
  const client = new QmpClient((data) => {
    const msg = JSON.parse(data) as { execute: string; arguments?: Record<string, unknown>; id: string };
    sent.push(msg);
    const reply = replies[msg.execute]?.shift() ?? { return: {} };
    queueMicrotask(() => client.receive(`${JSON.stringify({ ...reply, id: msg.id })}\n`));
  });
  client.receive(GREETING);
  return { client, sent };
}

describe('QmpClient jobs', () => {
  // query-jobs answers recorded from QEMU 7.2.22 running snapshot jobs on a qcow2 drive.
  it('waits for a job to conclude and reports the error QEMU gives in query-jobs', async () => {
    const { client, sent } = scripted({
      'query-jobs': [
        { return: [{ 'current-progress': 0, status: 'running', 'total-progress': 1, type: 'snapshot-load', id: 'strata-job-1' }] },
        {
          return: [
            {
              'current-progress': 1,
              status: 'concluded',
              'total-progress': 1,
              type: 'snapshot-load',
              id: 'strata-job-1',
              error: "Snapshot 'missing' does not exist in one or more devices",
            },
          ],
        },
      ],
    });
    await client.ready();
    const err = await client.runJob('snapshot-load', { tag: 'missing', vmstate: '#block174', devices: ['#block174'] }, 5000, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpJobError);
    expect(err).toMatchObject({ command: 'snapshot-load', qemuError: "Snapshot 'missing' does not exist in one or more devices" });
    expect(sent.map((m) => m.execute)).toEqual(['qmp_capabilities', 'snapshot-load', 'query-jobs', 'query-jobs', 'job-dismiss']);
    expect(sent[1]?.arguments).toEqual({ 'job-id': 'strata-job-1', tag: 'missing', vmstate: '#block174', devices: ['#block174'] });
    expect(sent[4]?.arguments).toEqual({ id: 'strata-job-1' });
  });

  it('resolves when the job concludes without an error', async () => {
    const { client, sent } = scripted({
      'query-jobs': [{ return: [{ 'current-progress': 1, status: 'concluded', 'total-progress': 1, type: 'snapshot-save', id: 'strata-job-1' }] }],
    });
    await client.ready();
    await client.runJob('snapshot-save', { tag: 'first', vmstate: '#block174', devices: ['#block174'] }, 5000, 1);
    expect(sent.at(-1)).toMatchObject({ execute: 'job-dismiss', arguments: { id: 'strata-job-1' } });
  });
});
