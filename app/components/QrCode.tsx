'use client';
/**
 * A QR code for a URL, computed in the browser by the `qrcode` package (no network) and drawn
 * module by module on a canvas. data-qr-* attributes describe the grid so a test can read the
 * modules back from the pixels and compare them with an independent encoding of the text.
 */
import { useEffect, useRef, useState } from 'react';

const QR_MARGIN = 4;
const QR_ERROR_LEVEL = 'M';

export interface QrCodeProps {
  text: string;
  /** Rendered size in CSS pixels (the canvas is drawn at device resolution). */
  size?: number;
  label?: string;
}

export function QrCode({ text, size = 320, label }: QrCodeProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [modules, setModules] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    void import('qrcode').then((QR) => {
      const canvas = ref.current;
      if (cancelled || !canvas) return;
      const code = QR.create(text, { errorCorrectionLevel: QR_ERROR_LEVEL });
      const n = code.modules.size;
      const cells = n + 2 * QR_MARGIN;
      const scale = Math.max(1, Math.floor((size * (window.devicePixelRatio || 1)) / cells));
      canvas.width = canvas.height = cells * scale;
      canvas.dataset.qrScale = String(scale);
      const ctx = canvas.getContext('2d');
      if (ctx) {
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.fillStyle = '#000000';
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) {
            if (code.modules.get(r, c)) ctx.fillRect((c + QR_MARGIN) * scale, (r + QR_MARGIN) * scale, scale, scale);
          }
        }
      }
      setModules(n);
    });
    return () => {
      cancelled = true;
    };
  }, [text, size]);

  return (
    <canvas
      ref={ref}
      className="qr"
      style={{ width: size, height: size }}
      role="img"
      aria-label={label ?? `QR code for ${text}`}
      data-testid="qr-code"
      data-qr-text={text}
      data-qr-modules={modules ?? undefined}
      data-qr-margin={QR_MARGIN}
    />
  );
}
