import { createCanvas } from '@napi-rs/canvas';
import type { ModelKind } from '../../shared/constants.js';
import type { Embedding } from '../../server/models/modelFiles.js';
import { FONT_FAMILY } from '../../server/images/plotAxes.js';
import { drawManifold, type DecodeFn, type ManifoldOptions } from '../../server/images/renderManifold.js';
import { drawScatter } from './renderScatter.js';

/** What one column of the comparison needs. */
export interface CompareColumn {
  kind: ModelKind;
  embedding: Embedding;
  decode: DecodeFn;
}

const TITLES: Record<ModelKind, string> = { ae: 'Autoencoder (AE)', vae: 'Variational autoencoder (VAE)' };
const HEADER = 40;
const GAP = 24;

/**
 * The article's point in one picture: AE and VAE side by side, each with its scatter of the test
 * set above its decoded manifold, so the two latent planes can be compared at a glance.
 */
export async function renderComparePng(columns: CompareColumn[], manifold: ManifoldOptions): Promise<Buffer> {
  const parts = await Promise.all(
    columns.map(async (c) => ({
      kind: c.kind,
      scatter: drawScatter(c.embedding),
      manifold: await drawManifold(c.decode, manifold),
    })),
  );
  const colWidth = Math.max(...parts.map((p) => Math.max(p.scatter.width, p.manifold.width)));
  const height = HEADER + Math.max(...parts.map((p) => p.scatter.height + p.manifold.height)) + GAP;
  const canvas = createCanvas(colWidth * parts.length + GAP * (parts.length - 1), height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.font = `bold 18px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  parts.forEach((p, i) => {
    const x = i * (colWidth + GAP);
    ctx.fillText(TITLES[p.kind], x + colWidth / 2, HEADER / 2);
    ctx.drawImage(p.scatter, x + (colWidth - p.scatter.width) / 2, HEADER);
    ctx.drawImage(p.manifold, x + (colWidth - p.manifold.width) / 2, HEADER + p.scatter.height + GAP);
  });
  return canvas.encode('png');
}
