/**
 * The decoded manifold (the article's 30x30 grid of digits) as a background image, stretched over
 * the z rectangle it was decoded for. Fetched from the server per model; a 503 (model still
 * loading) is retried.
 */
import { ImageSource, Sprite, Texture } from 'pixi.js';
import { worldToScreen, type Bounds, type View } from '../viewTransform';

export interface ManifoldLayer {
  readonly sprite: Sprite;
  /** Loads the image decoded over `bounds`; the caller words a failure. */
  load(url: string, bounds: Bounds, signal: AbortSignal): Promise<'ok' | 'loading' | 'failed' | 'aborted'>;
  layout(view: View): void;
  destroy(): void;
}

export function createManifoldLayer(): ManifoldLayer {
  const sprite = new Sprite(Texture.EMPTY);
  sprite.visible = false;
  let bounds: Bounds | null = null;
  let texture: Texture | null = null;

  return {
    sprite,
    async load(url, b, signal) {
      try {
        const res = await fetch(url, { signal });
        if (res.status === 503) return 'loading';
        if (!res.ok) return 'failed';
        const bitmap = await createImageBitmap(await res.blob());
        if (signal.aborted) return 'aborted';
        texture?.destroy(true);
        texture = new Texture({ source: new ImageSource({ resource: bitmap }) });
        sprite.texture = texture;
        bounds = b;
        return 'ok';
      } catch {
        return signal.aborted ? 'aborted' : 'failed';
      }
    },
    layout(view) {
      if (!bounds) return;
      const [x0, y0, x1, y1] = bounds;
      const [sx, sy] = worldToScreen(view, x0, y1);
      sprite.position.set(sx, sy);
      sprite.width = (x1 - x0) * view.scale;
      sprite.height = (y1 - y0) * view.scale;
    },
    destroy() {
      sprite.destroy();
      texture?.destroy(true);
    },
  };
}
