import { useReactFlow } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';
import { useBuilder } from '../state/useBuilder';

/**
 * Zoom to fit, as the toolbar, the context menu and F do it. A large stack's layers off
 * screen are hidden from xyflow (mountedWindow.ts), and a fit must still see them.
 */
export const FIT_STACK = { padding: 0.15, duration: 250, includeHiddenNodes: true } as const;
const FIT = { ...FIT_STACK, maxZoom: 1, duration: 0 } as const;

/**
 * Zooms the canvas to fit the stack whenever there is something new to see: a stack was
 * opened, the canvas became visible (places stay mounted while hidden, where a fit would
 * measure nothing), or its height changed (a run's panel opened or closed below it).
 */
export function useFitView(canvas: RefObject<HTMLElement | null>): void {
  const flow = useReactFlow();
  const opened = useBuilder((s) => s.builderOpened);

  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView(FIT));
    return () => cancelAnimationFrame(frame);
  }, [opened, flow]);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let height = element.clientWidth > 0 ? element.clientHeight : 0;
    const observer = new ResizeObserver(() => {
      const now = element.clientWidth > 0 ? element.clientHeight : 0;
      if (now > 0 && Math.abs(now - height) > 40) requestAnimationFrame(() => void flow.fitView(FIT));
      height = now;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [canvas, flow]);
}
