/**
 * Python's order of strings: by code point. JavaScript's `<` and `sort()` compare UTF-16 code units, which puts a
 * name with a character beyond the Basic Multilingual Plane (a surrogate pair, U+D800–U+DFFF) before one with a
 * character in U+E000–U+FFFF; Python puts it after. Everywhere the library calls `sorted()` on names, use this.
 */
export function comparePython(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Neither a surrogate, or both (two pairs order as their code points do): code units order as code points.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa === sb) return ca - cb;
    // A surrogate stands for a code point above U+FFFF, so above any unit that is not one.
    return sa ? 1 : -1;
  }
  return a.length - b.length;
}

/** `sorted(names)`. */
export function sortedPython(names: Iterable<string>): string[] {
  return [...names].sort(comparePython);
}
