'use client';
/**
 * One model's scatter at a timeline position, on a plain canvas: the side-by-side comparison of
 * the AE's and the VAE's planes forming. Fitted to every snapshot's extent, so the plane visibly
 * spreads (or packs) as training goes on.
 */
import { useEffect, useRef } from 'react';
import { DIGIT_COLORS } from '../lib/palette';
import { morphCodes, type LoadedTimeline } from '../lib/timelineData';
import { fitView, worldToScreen } from '../lib/viewTransform';

export function TimelineScatter({ timeline, position, size = 260 }: { timeline: LoadedTimeline; position: number; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const codes = useRef(new Float32Array(0));
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    if (codes.current.length !== timeline.count * 2) codes.current = new Float32Array(timeline.count * 2);
    const z = morphCodes(timeline, position, codes.current);
    const view = fitView(timeline.extent, size, size, 8);
    ctx.fillStyle = '#fbfbf8';
    ctx.fillRect(0, 0, size, size);
    ctx.globalAlpha = 0.75;
    for (let i = 0; i < timeline.count; i++) {
      const [x, y] = worldToScreen(view, z[2 * i], z[2 * i + 1]);
      ctx.fillStyle = DIGIT_COLORS[timeline.labels[i] % 10];
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
  }, [timeline, position, size]);
  return (
    <figure className="timeline-scatter" data-testid={`timeline-scatter-${timeline.model}`}>
      <canvas ref={ref} width={size} height={size} role="img" aria-label={`The ${timeline.model.toUpperCase()}'s scatter at this point of training`} />
      <figcaption>{timeline.model.toUpperCase()}</figcaption>
    </figure>
  );
}
