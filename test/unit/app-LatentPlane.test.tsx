// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { LatentPlane } from '../../app/components/LatentPlane';
import { RoomContext } from '../../app/components/RoomServices';
import type { PlaneDeps, PlaneHandle } from '../../app/lib/plane/startPlane';
import { testServices } from './appTestServices';

afterEach(cleanup);

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));

/** A fake Pixi start whose init finishes only when the test says so. */
function slowPlane() {
  const events: string[] = [];
  const pending: (() => void)[] = [];
  const startPlane = (deps: PlaneDeps) =>
    new Promise<PlaneHandle>((resolve) => {
      const n = pending.length + 1;
      events.push(`start ${n}`);
      expect(deps.host).toBeInstanceOf(HTMLElement);
      pending.push(() => {
        events.push(`ready ${n}`);
        resolve({ destroy: () => events.push(`destroy ${n}`) });
      });
    });
  const finishAll = () => pending.splice(0).forEach((f) => f());
  return { events, load: async () => ({ startPlane }), finishAll };
}

function inRoom(children: ReactNode) {
  return <RoomContext.Provider value={testServices()}>{children}</RoomContext.Provider>;
}

describe('the latent plane component', () => {
  it('keeps exactly one plane alive through StrictMode’s mount, unmount and mount', async () => {
    const p = slowPlane();
    const view = render(<StrictMode>{inRoom(<LatentPlane load={p.load} />)}</StrictMode>);
    await flush();
    p.finishAll();
    await flush();
    const started = p.events.filter((e) => e.startsWith('start')).length;
    const destroyed = p.events.filter((e) => e.startsWith('destroy')).length;
    expect(started - destroyed).toBe(1);
    view.unmount();
    expect(p.events.filter((e) => e.startsWith('destroy')).length).toBe(started);
  });

  it('destroys a plane unmounted mid-init only after its init finished', async () => {
    const p = slowPlane();
    const view = render(inRoom(<LatentPlane load={p.load} />));
    await flush();
    expect(p.events).toEqual(['start 1']);
    view.unmount();
    expect(p.events).toEqual(['start 1']);
    p.finishAll();
    await flush();
    expect(p.events).toEqual(['start 1', 'ready 1', 'destroy 1']);
  });

  it('says in words when the graphics cannot start', async () => {
    const load = async () => ({ startPlane: async () => Promise.reject(new Error('WebGL unavailable')) });
    const view = render(inRoom(<LatentPlane load={load} />));
    await flush();
    expect(view.getByRole('status').textContent).toMatch(/could not start its graphics/);
  });
});
