/**
 * A short JSON preview of a value from a dataset's YAML, for an error message: a value built by a stranger
 * (aliases of a 200 KB string, repeated 99 times) must not make a message of megabytes. Long strings, long
 * arrays and wide objects are cut while the JSON is made, and the whole preview is cut at `maxChars`.
 */
export function previewValue(value: unknown, maxChars = 500): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'string' && v.length > 80) return `${v.slice(0, 80)}… (${v.length} characters)`;
      if (Array.isArray(v) && v.length > 10) return [...v.slice(0, 10), `… (${v.length} items)`];
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length > 10) return Object.fromEntries([...keys.slice(0, 10).map((k) => [k, (v as Record<string, unknown>)[k]]), ['…', `${keys.length} keys`]]);
      }
      return v;
    });
  } catch {
    json = String(value);
  }
  if (json === undefined) return String(value);
  return json.length > maxChars ? `${json.slice(0, maxChars)}…` : json;
}
