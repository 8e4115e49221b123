/** A 2-D point as [x, y]. */
export type Point = readonly [number, number];

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/**
 * The convex hull of `z` (x0, y0, x1, y1, ...), counter-clockwise, by Andrew's monotone chain;
 * collinear points on an edge are left out.
 */
export function convexHull(z: ArrayLike<number>): Point[] {
  const points: Point[] = [];
  for (let i = 0; i + 1 < z.length; i += 2) points.push([z[i], z[i + 1]]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (points.length < 3) return points;
  const half = (list: Point[]) => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(points), ...half([...points].reverse())];
}

/** Whether `p` lies inside or on the counter-clockwise convex polygon `hull`. */
export function insideHull(hull: Point[], p: Point): boolean {
  if (hull.length < 3) return false;
  for (let i = 0; i < hull.length; i++) {
    if (cross(hull[i], hull[(i + 1) % hull.length], p) < 0) return false;
  }
  return true;
}
