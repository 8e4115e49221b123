'use client';
/**
 * "Draw your own digit": a pad for mouse, touch and pen (pointer events, `touch-action: none`),
 * the 28x28 the model will see (MNIST's preprocessing, live), and after sending, your drawing
 * beside what the autoencoder decodes from where it landed (your cursor moves there).
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { strokesToDigit, type Stroke } from '../../shared/mnistDrawing';
import { digitToBytes, drawingPixels } from '../../shared/protocol';
import { drawDigit } from '../lib/digitPixels';
import { DigitCanvas } from './DigitCanvas';
import { useRoom, useRoomServices } from './RoomServices';

/** Pad side in its own pixels; the stroke is drawn at a width that reads like MNIST's at 28. */
const PAD = 280;
const PEN = 18;

function paintStrokes(canvas: HTMLCanvasElement | null, strokes: readonly Stroke[]) {
  const ctx = canvas?.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, PAD, PAD);
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineWidth = PEN;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of strokes) {
    if (s.length === 1) {
      ctx.beginPath();
      ctx.arc(s[0][0], s[0][1], PEN / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    s.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
  }
}

export function DrawPad() {
  const { actions, localCursor } = useRoomServices();
  const youId = useRoom((s) => s.you?.id ?? null);
  const model = useRoom((s) => s.room?.model ?? 'ae');
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const sentRef = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const drawing = useRef<[number, number][] | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const digit = strokes.length ? strokesToDigit(strokes) : null;

  useEffect(() => {
    paintStrokes(pad.current, strokes);
    if (preview.current) drawDigit(preview.current, digit ? digitToBytes(digit) : new Uint8Array(784));
  }, [strokes, digit]);
  useEffect(() => {
    if (sent && sentRef.current) drawDigit(sentRef.current, drawingPixels(sent));
  }, [sent]);

  const at = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * PAD, ((e.clientY - r.top) / r.height) * PAD];
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = [at(e)];
    setStrokes((s) => [...s, drawing.current!]);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current.push(at(e));
    paintStrokes(pad.current, strokes);
  };
  const up = () => {
    if (!drawing.current) return;
    const done = drawing.current;
    drawing.current = null;
    setStrokes((s) => [...s.slice(0, -1), [...done]]);
  };

  async function send() {
    if (!digit) return;
    setBusy(true);
    setError(null);
    const answer = await actions.request('draw', { image: digitToBytes(digit) });
    setBusy(false);
    // Keep the strokes on a refusal, so sending again loses nothing.
    if (!answer.ok) return setError(answer.error.message);
    localCursor.set(answer.drawing.z);
    setSent(answer.drawing.image);
    setStrokes([]);
  }

  return (
    <section className="panel draw-pad" aria-labelledby="draw-title">
      <h2 id="draw-title">Draw a digit</h2>
      <div className="draw-row">
        <canvas
          ref={pad} width={PAD} height={PAD} className="draw-surface" data-testid="draw-pad"
          aria-label="Drawing pad: draw one digit with your finger, pen or mouse"
          onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up}
        />
        <figure className="draw-preview">
          <canvas ref={preview} width={28} height={28} className="digit" data-testid="draw-preview" aria-label="The 28x28 the model will see" />
          <figcaption>what the model sees</figcaption>
        </figure>
      </div>
      <div className="draw-actions">
        <button type="button" onClick={() => setStrokes((s) => s.slice(0, -1))} disabled={!strokes.length}>Undo</button>
        <button type="button" onClick={() => setStrokes([])} disabled={!strokes.length}>Clear</button>
        <button type="button" className="primary draw-send" onClick={send} disabled={!digit || busy} data-testid="draw-send">
          {busy ? 'Encoding…' : 'Send'}
        </button>
      </div>
      {error && <p className="draw-error" role="alert" data-testid="draw-error">Not sent: {error}</p>}
      {sent && (
        <div className="draw-result" data-testid="draw-result">
          <figure>
            <canvas ref={sentRef} width={28} height={28} className="digit" aria-label="Your drawing" />
            <figcaption>your drawing</figcaption>
          </figure>
          <span aria-hidden>→</span>
          <figure>
            <DigitCanvas id={youId} label="What the model decodes from where your drawing landed" />
            <figcaption>what the {model.toUpperCase()} decodes from where it landed</figcaption>
          </figure>
        </div>
      )}
    </section>
  );
}
