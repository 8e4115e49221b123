/**
 * The project's import graph has no cycles: every module can be understood, and built in a test,
 * from the modules below it. Type-only imports count too (a cycle of types is still a knot).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['app', 'server', 'shared', 'bot', 'ml', 'bench', 'test'];
const SOURCE = /\.(ts|tsx|mjs)$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file a relative specifier names ('./x.js' is './x.ts' in this repo). */
function resolve(from: string, spec: string, files: Set<string>): string | null {
  const base = path.join(path.dirname(from), spec).replace(/\.(js|mjs)$/, '');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, 'index.ts')]) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

function importGraph(): Map<string, string[]> {
  const files = ROOTS.flatMap((r) => sourceFiles(r));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(file, m[1] ?? m[2], known)).filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle's files (Tarjan's strongly connected components larger than one, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  function visit(v: string): void {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) !== indices.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();

  it('sees the whole project and resolves its relative imports', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get(path.join('server', 'rooms', 'Room.ts'))).toContain(path.join('server', 'rooms', 'RoomTicker.ts'));
  });

  it('has no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('would report a cycle', () => {
    const knot = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(knot)).toEqual([['a', 'b', 'c']]);
  });
});
