import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../../../src/api/errors';
import type { ApiImplementation, StreamSink } from '../../../../src/api/handlers';
import { FLOW_HIGH_WATERMARK, FLOW_LOW_WATERMARK, type ServerMessage } from '../../../../src/api/wire';
import { ApiSession } from '../../../../src/backend/rpc/apiSession';
import * as contract from '../../../../src/api/contract';

function session(impl: Partial<ApiImplementation['commands']>, streamImpl: Record<string, unknown> = {}) {
  const sent: ServerMessage[] = [];
  const warnings: string[] = [];
  const s = new ApiSession({ commands: impl as ApiImplementation['commands'], streams: streamImpl as ApiImplementation['streams'] }, (m) => sent.push(m), {
    warn: (m) => warnings.push(m),
  });
  return { s, sent, warnings };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('ApiSession', () => {
  it('validates the request before the handler sees it', async () => {
    let seen: unknown = null;
    const { s, sent } = session({ 'lessons.get': async (req) => ((seen = req), { slug: req.slug, file: 'f', text: 't' }) });
    s.receive({ t: 'call', id: 1, method: 'lessons.get', params: { slug: 'Not A Slug' } });
    await flush();
    expect(seen).toBeNull();
    expect(sent[0]).toMatchObject({ t: 'result', id: 1, ok: false, error: { code: 'bad-request' } });
    s.receive({ t: 'call', id: 2, method: 'lessons.get', params: { slug: '01-intro' } });
    await flush();
    expect(seen).toEqual({ slug: '01-intro' });
    expect(sent[1]).toMatchObject({ t: 'result', id: 2, ok: true, value: { slug: '01-intro' } });
  });

  it('turns handler failures into typed errors without throwing', async () => {
    const { s, sent, warnings } = session({
      'lessons.get': async () => {
        throw new ApiError('not-found', 'no lesson named "x"');
      },
      'lessons.list': async () => {
        throw new Error('disk on fire');
      },
    });
    s.receive({ t: 'call', id: 1, method: 'lessons.get', params: { slug: 'x' } });
    s.receive({ t: 'call', id: 2, method: 'lessons.list', params: {} });
    await flush();
    expect(sent).toContainEqual({ t: 'result', id: 1, ok: false, error: { code: 'not-found', message: 'no lesson named "x"' } });
    expect(sent).toContainEqual({ t: 'result', id: 2, ok: false, error: { code: 'internal', message: 'lessons.list failed: disk on fire' } });
    expect(warnings.join('\n')).toContain('disk on fire');
  });

  it('replies to garbage with a bad-request naming what is wrong', () => {
    const { s, sent } = session({});
    s.receive(42);
    s.receive({ t: 'call', id: 7 });
    s.receive({ t: 'teleport', id: 3 });
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
    expect(sent[1]).toMatchObject({ id: 7, ok: false, error: { code: 'bad-request' } });
    expect((sent[1] as { error: { message: string } }).error.message).toContain('method');
  });

  it('pauses a byte stream above the high watermark and resumes it below the low one', () => {
    // A byte stream declared for this test only: the contract's real streams belong to features.
    const streams = contract.streams as Record<string, unknown>;
    const name = '__test.bytes';
    streams[name] = { kind: 'bytes', params: z.object({}) };
    try {
      let sink: StreamSink<Uint8Array> | null = null;
      let drained = 0;
      let stopped = false;
      const { s, sent } = session(
        {},
        {
          [name]: (_p: unknown, k: StreamSink<Uint8Array>) => {
            sink = k;
            k.onDrain(() => drained++);
            return () => (stopped = true);
          },
        },
      );
      s.receive({ t: 'sub', id: 5, stream: name, params: {} });
      const chunk = new Uint8Array(64 * 1024);
      let accepted = 0;
      while (sink!.write(chunk)) accepted++;
      expect((accepted + 1) * chunk.byteLength).toBeGreaterThanOrEqual(FLOW_HIGH_WATERMARK);
      expect(sent.filter((m) => m.t === 'chunk')).toHaveLength(accepted + 1);
      s.receive({ t: 'ack', id: 5, bytes: (accepted + 1) * chunk.byteLength - FLOW_LOW_WATERMARK });
      expect(drained).toBe(0);
      s.receive({ t: 'ack', id: 5, bytes: 1 });
      expect(drained).toBe(1);
      s.receive({ t: 'unsub', id: 5 });
      expect(stopped).toBe(true);
      expect(sink!.write(chunk)).toBe(false);
    } finally {
      delete streams[name];
    }
  });

  it('stops every stream when the renderer goes away', () => {
    const streams = contract.streams as Record<string, unknown>;
    const name = '__test.events';
    streams[name] = { kind: 'json', params: z.object({}), event: z.unknown() };
    try {
      let stops = 0;
      const { s } = session({}, { [name]: () => () => stops++ });
      s.receive({ t: 'sub', id: 1, stream: name, params: {} });
      s.receive({ t: 'sub', id: 2, stream: name, params: {} });
      s.close();
      expect(stops).toBe(2);
    } finally {
      delete streams[name];
    }
  });
});
