'use client';
/** Your decoded digit, large and pixel-sharp, with the z you are at. */
import { useEffect, useRef } from 'react';
import { DigitCanvas } from './DigitCanvas';
import { useRoom, useRoomServices } from './RoomServices';

function formatZ(z: readonly [number, number] | null): string {
  return z ? `z = (${z[0].toFixed(2)}, ${z[1].toFixed(2)})` : 'Press on the plane to pick a point';
}

export function YourDigit() {
  const { localCursor } = useRoomServices();
  const youId = useRoom((s) => s.you?.id ?? null);
  const zRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    // Your z changes at pointer rate: write it straight into the DOM, not through React state.
    const show = () => {
      if (zRef.current) zRef.current.textContent = formatZ(localCursor.z);
    };
    show();
    return localCursor.subscribe(show);
  }, [localCursor]);

  return (
    <section className="panel your-digit" aria-labelledby="your-digit-title">
      <h2 id="your-digit-title">Your digit</h2>
      <DigitCanvas id={youId} label="The digit your cursor decodes to" className="digit-large" testId="your-digit" />
      <p ref={zRef} className="z-readout" data-testid="your-z" aria-live="off" />
    </section>
  );
}
