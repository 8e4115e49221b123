/** The scatter's colour key: one swatch per digit class. */
import { DIGIT_COLORS } from '../lib/palette';

export function Legend() {
  return (
    <ul className="legend" aria-label="Scatter colours: digit classes">
      {DIGIT_COLORS.map((color, digit) => (
        <li key={digit}>
          <span className="swatch" style={{ background: color }} aria-hidden="true" />
          {digit}
        </li>
      ))}
    </ul>
  );
}
