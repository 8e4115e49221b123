/**
 * The encoded test digits as a scatter: one Pixi particle per digit, tinted by class. Particles
 * are created once per model and only moved (and uploaded) when the view changes, so 10,000
 * points cost nothing per frame. Dots keep their pixel size when you zoom, which is what lets
 * zooming show structure.
 */
import { Graphics, Particle, ParticleContainer, type Renderer, type Texture } from 'pixi.js';
import type { Embedding } from '../api';
import { digitColorNumber } from '../palette';
import { worldToScreen, type View } from '../viewTransform';

export interface ScatterLayer {
  readonly container: ParticleContainer;
  readonly count: number;
  setEmbedding(embedding: Embedding | null): void;
  layout(view: View): void;
  setAlpha(alpha: number): void;
  destroy(): void;
}

const DOT_RADIUS = 2.5;

export function createScatterLayer(renderer: Renderer): ScatterLayer {
  const dot: Texture = renderer.generateTexture({
    target: new Graphics().circle(0, 0, DOT_RADIUS * 2).fill(0xffffff),
    resolution: 1,
    antialias: true,
  });
  // Positions change only when the view does: static, re-uploaded by update() in layout().
  const container = new ParticleContainer({ texture: dot, dynamicProperties: { position: false, color: false } });
  let embedding: Embedding | null = null;

  return {
    container,
    get count() {
      return container.particleChildren.length;
    },
    setEmbedding(next) {
      embedding = next;
      container.particleChildren.length = 0;
      if (next) {
        for (let i = 0; i < next.count; i++) {
          container.particleChildren.push(
            new Particle({ texture: dot, anchorX: 0.5, anchorY: 0.5, scaleX: 0.5, scaleY: 0.5, tint: digitColorNumber(next.labels[i]), alpha: 0.7 }),
          );
        }
      }
      container.update();
    },
    layout(view) {
      if (!embedding) return;
      const ps = container.particleChildren;
      for (let i = 0; i < ps.length; i++) {
        const [x, y] = worldToScreen(view, embedding.z[2 * i], embedding.z[2 * i + 1]);
        ps[i].x = x;
        ps[i].y = y;
      }
      container.update();
    },
    setAlpha(alpha) {
      container.alpha = alpha;
    },
    destroy() {
      container.destroy();
      dot.destroy(true);
    },
  };
}
