/** Closest names by edit distance, for did-you-mean hints. */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: [string, number][] = [];
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d <= limit || candidate.toLowerCase().includes(name.toLowerCase())) scored.push([candidate, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map(([c]) => c);
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const found = closest(name, candidates);
  return found.length > 0 ? ` Did you mean ${found.map((c) => `'${c}'`).join(' or ')}?` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}
