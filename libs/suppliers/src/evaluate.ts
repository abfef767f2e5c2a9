/**
 * Pairwise precision and recall of a clustering against hand labels: over every pair of
 * names, did the clustering put them together exactly when the labels do?
 * Example: labels {a: 1, b: 1, c: 2} and clusters [[a, b, c]] give precision 1/3, recall 1.
 */
export function pairwiseScores(labels: Map<string, string>, clusterOf: Map<string, string>): { precision: number; recall: number; truePairs: number; foundPairs: number; wrong: [string, string][]; missed: [string, string][] } {
  const names = [...labels.keys()];
  let truePairs = 0;
  let foundPairs = 0;
  let both = 0;
  const wrong: [string, string][] = [];
  const missed: [string, string][] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const same = labels.get(names[i]) === labels.get(names[j]);
      const ca = clusterOf.get(names[i]);
      const together = ca !== undefined && ca === clusterOf.get(names[j]);
      if (same) truePairs++;
      if (together) foundPairs++;
      if (same && together) both++;
      else if (together) wrong.push([names[i], names[j]]);
      else if (same) missed.push([names[i], names[j]]);
    }
  }
  return { precision: foundPairs === 0 ? 1 : both / foundPairs, recall: truePairs === 0 ? 1 : both / truePairs, truePairs, foundPairs, wrong, missed };
}
