'use client';
/**
 * The class's drawings: how many are pinned, the host's clear and hide, and the drawing whose pin
 * was clicked (its image, author, z and the 5 nearest test digits, drawn), which its author (or
 * the host) can delete.
 */
import { useEffect, useRef, useState } from 'react';
import { drawingPixels, type DrawingInfo, type NearDigit } from '../../shared/protocol';
import { drawDigit } from '../lib/digitPixels';
import { fetchTestDigits, type TestDigitImage } from '../lib/testDigits';
import { selectIsHost } from '../stores/roomStore';
import { useRoom, useRoomServices } from './RoomServices';

function TestDigitCanvas({ digit }: { digit: TestDigitImage }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawDigit(ref.current, digit.pixels);
  }, [digit]);
  return <canvas ref={ref} width={28} height={28} className="digit" aria-label={`Test digit #${digit.index}, a ${digit.label}`} />;
}

/** The test digits nearest to a drawing, as pictures with their labels (the words until they load). */
function NearestDigits({ nearest }: { nearest: NearDigit[] }) {
  const key = nearest.map((n) => n.index).join(',');
  const [shown, setShown] = useState<{ key: string; digits: TestDigitImage[] } | null>(null);
  useEffect(() => {
    let live = true;
    fetchTestDigits(key ? key.split(',').map(Number) : []).then(
      (digits) => live && setShown({ key, digits }),
      () => {}, // The labels below stay: they say the same in words.
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (nearest.length === 0) return <p>Nearest test digits: none</p>;
  const digits = shown?.key === key ? shown.digits : null;
  return (
    <figure className="nearest-digits" data-testid="nearest-digits">
      <figcaption>Nearest test digits</figcaption>
      {digits ? (
        <ol>
          {digits.map((d) => (
            <li key={d.index} data-testid="nearest-digit" data-index={d.index}>
              <TestDigitCanvas digit={d} />
              <span>{d.label}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p>{nearest.map((n) => `${n.label} (#${n.index})`).join(', ')}</p>
      )}
    </figure>
  );
}

function Selected({ d, canDelete }: { d: DrawingInfo; canDelete: boolean }) {
  const { actions, roomStore } = useRoomServices();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawDigit(ref.current, drawingPixels(d.image));
  }, [d.image]);
  return (
    <div className="drawing-detail" data-testid="drawing-detail">
      <canvas ref={ref} width={28} height={28} className="digit" aria-label={`Drawing by ${d.authorName}`} />
      <div>
        <p><span className="swatch" style={{ background: d.color }} /> {d.authorName}</p>
        <p className="z-readout">z = ({d.z[0].toFixed(2)}, {d.z[1].toFixed(2)})</p>
        <NearestDigits nearest={d.nearest} />
        <div className="draw-actions">
          {canDelete && (
            <button type="button" onClick={() => void actions.request('drawing:delete', { id: d.id }).then(() => roomStore.getState().selectDrawing(null))}>
              Delete
            </button>
          )}
          <button type="button" onClick={() => roomStore.getState().selectDrawing(null)}>Close</button>
        </div>
      </div>
    </div>
  );
}

export function DrawingsPanel() {
  const { actions } = useRoomServices();
  const count = useRoom((s) => s.drawings.length);
  const hidden = useRoom((s) => s.drawingsHidden);
  const isHost = useRoom(selectIsHost);
  const youId = useRoom((s) => s.you?.id ?? null);
  const selected = useRoom((s) => s.drawings.find((d) => d.id === s.selectedDrawing) ?? null);
  if (count === 0 && !isHost) return null;
  return (
    <section className="panel drawings-panel" aria-labelledby="drawings-title">
      <h2 id="drawings-title">Class drawings</h2>
      <p data-testid="drawings-count">{count} pinned{hidden ? ' (hidden by the host)' : ''}. Click a pin to see it.</p>
      {selected && <Selected d={selected} canDelete={isHost || selected.author === youId} />}
      {isHost && (
        <div className="draw-actions">
          <button type="button" onClick={() => void actions.request('drawings:host', { action: 'visible', visible: hidden })}>
            {hidden ? 'Show drawings' : 'Hide drawings'}
          </button>
          <button type="button" onClick={() => void actions.request('drawings:host', { action: 'clear' })} disabled={count === 0}>
            Clear all drawings
          </button>
        </div>
      )}
    </section>
  );
}
