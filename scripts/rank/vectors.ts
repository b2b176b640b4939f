/**
 * TF-IDF over the ranker's bags of terms (words and bigrams): sparse, L2-normalised vectors with
 * sublinear term frequency, as arxiv-sanity-lite and most paper recommenders use. Document frequencies
 * come from the papers at hand plus any background texts (the archive), so no vocabulary ships with the
 * code. Pure and deterministic: terms are kept in sorted order.
 */

/** A sparse vector: parallel arrays of term indices (ascending) and weights. */
export interface SparseVector {
  idx: number[];
  val: number[];
}

export class Vocabulary {
  private readonly index = new Map<string, number>();
  readonly terms: string[] = [];
  readonly df: number[] = [];
  docs = 0;

  /** Counts a document's distinct terms. */
  add(terms: readonly string[]): void {
    this.docs++;
    for (const t of new Set(terms)) {
      let i = this.index.get(t);
      if (i === undefined) {
        i = this.terms.length;
        this.index.set(t, i);
        this.terms.push(t);
        this.df.push(0);
      }
      this.df[i]!++;
    }
  }

  idOf(term: string): number | undefined {
    return this.index.get(term);
  }

  /** Smoothed inverse document frequency (never below a small positive value). */
  idf(i: number): number {
    return Math.log((1 + this.docs) / (1 + (this.df[i] ?? 0))) + 1;
  }

  /** The share of documents holding a term (0 when unknown). */
  share(term: string): number {
    const i = this.index.get(term);
    return i === undefined || this.docs === 0 ? 0 : this.df[i]! / this.docs;
  }

  /** The L2-normalised TF-IDF vector of a bag of terms; unknown terms are ignored. */
  vector(terms: readonly string[]): SparseVector {
    const tf = new Map<number, number>();
    for (const t of terms) {
      const i = this.index.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const idx = [...tf.keys()].sort((a, b) => a - b);
    const val = idx.map((i) => (1 + Math.log(tf.get(i)!)) * this.idf(i));
    const norm = Math.sqrt(val.reduce((s, v) => s + v * v, 0));
    return { idx, val: norm > 0 ? val.map((v) => v / norm) : val };
  }
}

/** Dot product of two sparse vectors (their cosine, as both are normalised). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) {
      sum += a.val[i]! * b.val[j]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}
