'use client';
/**
 * A small static scatter of a model's encoded test digits for the start page, drawn on a plain
 * canvas (no Pixi needed for a picture that does not move).
 */
import { useEffect, useRef, useState } from 'react';
import type { ModelKind } from '../../shared/constants';
import { fetchEmbedding } from '../lib/api';
import { DIGIT_COLORS } from '../lib/palette';
import { embeddingExtent } from '../lib/plane/sceneMeta';
import { fitView, worldToScreen } from '../lib/viewTransform';

export function ScatterPreview({ model, size = 320 }: { model: ModelKind; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void fetchEmbedding(model, controller.signal).then((r) => {
      const canvas = ref.current;
      if (controller.signal.aborted || !canvas) return;
      if (!r.ok) return setProblem(r.message);
      const extent = embeddingExtent(r.value);
      const ctx = canvas.getContext('2d');
      if (!extent || !ctx) return;
      const view = fitView(extent, size, size, 8);
      ctx.fillStyle = '#fbfbf8';
      ctx.fillRect(0, 0, size, size);
      ctx.globalAlpha = 0.7;
      for (let i = 0; i < r.value.count; i++) {
        const [x, y] = worldToScreen(view, r.value.z[2 * i], r.value.z[2 * i + 1]);
        ctx.fillStyle = DIGIT_COLORS[r.value.labels[i] % 10];
        ctx.fillRect(x - 1, y - 1, 2, 2);
      }
    });
    return () => controller.abort();
  }, [model, size]);

  return (
    <div className="figure-box">
      <canvas ref={ref} width={size} height={size} role="img" aria-label={`Scatter of the ${model.toUpperCase()}'s encoded test digits, coloured by digit`} />
      {problem && <p className="figure-problem">{problem}</p>}
    </div>
  );
}
